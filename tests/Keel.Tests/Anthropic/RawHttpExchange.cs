using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Keel.Tests.Anthropic;

/// <summary>One request on the test server and the raw means to answer it.</summary>
internal sealed class RawHttpExchange(CapturedRequest request, TcpClient client, NetworkStream stream, CancellationToken stopping)
{
    public CapturedRequest Request { get; } = request;

    public CancellationToken Stopping { get; } = stopping;

    public bool Closed { get; private set; }

    public async Task RespondAsync(int status, string reason, string body, params (string Name, string Value)[] headers)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {reason}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {bytes.Length}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append("\r\n");
        await WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
        await WriteAsync(bytes);
    }

    /// <summary>Starts a chunked text/event-stream response.</summary>
    public Task StartStreamAsync(params (string Name, string Value)[] headers)
    {
        var head = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        head.Append("\r\n");
        return WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
    }

    public async Task SendChunkAsync(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await WriteAsync(Encoding.ASCII.GetBytes($"{bytes.Length:x}\r\n"));
        await WriteAsync(bytes);
        await WriteAsync("\r\n"u8.ToArray());
    }

    public Task EndStreamAsync() => WriteAsync("0\r\n\r\n"u8.ToArray());

    /// <summary>Drops the connection mid-response, as a failing proxy would.</summary>
    public void Abort()
    {
        Closed = true;
        client.Client.LingerState = new LingerOption(enable: true, seconds: 0);
        client.Close();
    }

    /// <summary>Holds the response open without sending anything until the test ends.</summary>
    public async Task StallAsync()
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, Stopping);
        }
        catch (OperationCanceledException)
        {
            Closed = true;
        }
    }

    private async Task WriteAsync(byte[] bytes)
    {
        await stream.WriteAsync(bytes, Stopping);
        await stream.FlushAsync(Stopping);
    }
}
