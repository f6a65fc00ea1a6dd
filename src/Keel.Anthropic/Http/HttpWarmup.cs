using System.Net;
using System.Net.Sockets;

namespace Keel.Anthropic.Http;

/// <summary>
/// Loads and runs the HTTP stack once, off the critical path. A cold HttpClient costs about
/// 100 ms of CPU before the first byte of a response (type loading, first async socket I/O);
/// startup runs this on the second core while it composes the session, so the real request
/// finds that code warm. The warm-up talks only to a listener of its own on 127.0.0.1.
/// </summary>
public static class HttpWarmup
{
    private static readonly byte[] Response = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok"u8.ToArray();

    /// <summary>
    /// Starts the warm-up and returns at once; failures are ignored (it is only an optimisation). A Native AOT
    /// build has no JIT and its code is already compiled: there the warm-up would only cost memory (a listener,
    /// a second client, their buffers and code pages), so it does nothing.
    /// </summary>
    public static Task Start() => System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeCompiled ? Task.Run(RunAsync) : Task.CompletedTask;

    private static async Task RunAsync()
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var serve = ServeOnceAsync(listener);
            using var client = AnthropicHttp.CreateHttpClient(new AnthropicOptions());
            using var request = AnthropicHttp.CreateRequest(new AnthropicOptions { ApiKey = "warmup" }, new Uri($"http://127.0.0.1:{port}/v1/messages"), [(byte)'{', (byte)'}']);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            await using var body = await response.Content.ReadAsStreamAsync(cts.Token);
            var buffer = new byte[16];
            while (await body.ReadAsync(buffer, cts.Token) > 0)
            {
            }

            await serve;
        }
        catch (Exception ex) when (ex is IOException or SocketException or HttpRequestException or OperationCanceledException)
        {
            // Nothing depends on the warm-up.
        }
    }

    private static async Task ServeOnceAsync(TcpListener listener)
    {
        using var socket = await listener.AcceptSocketAsync();
        var buffer = new byte[4096];
        await socket.ReceiveAsync(buffer);
        await socket.SendAsync(Response);
    }
}
