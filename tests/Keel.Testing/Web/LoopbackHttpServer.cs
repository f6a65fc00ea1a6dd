using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Keel.Testing.Web;

/// <summary>A real HTTP server on 127.0.0.1 answering from a route table, for WebFetch tests.</summary>
public sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, Func<HttpListenerResponse, Task>> _routes = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private int _hits;

    public LoopbackHttpServer()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public int Hits => Volatile.Read(ref _hits);

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public void Route(string path, Func<HttpListenerResponse, Task> handler) => _routes[path] = handler;

    public void Text(string path, string contentType, string body) => Route(path, async r =>
    {
        r.ContentType = contentType;
        var bytes = Encoding.UTF8.GetBytes(body);
        r.ContentLength64 = bytes.Length;
        await r.OutputStream.WriteAsync(bytes);
    });

    public void Redirect(string path, string location) => Route(path, r =>
    {
        r.StatusCode = 302;
        r.RedirectLocation = location;
        return Task.CompletedTask;
    });

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _hits);
            _ = Task.Run(async () =>
            {
                try
                {
                    if (_routes.TryGetValue(context.Request.Url!.AbsolutePath, out var handler))
                    {
                        await handler(context.Response);
                    }
                    else
                    {
                        context.Response.StatusCode = 404;
                    }

                    context.Response.Close();
                }
                catch (Exception ex) when (ex is HttpListenerException or IOException or ObjectDisposedException)
                {
                    // The client gave up (timeout or size cap): nothing to answer.
                }
            });
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
        _stop.Dispose();
    }
}
