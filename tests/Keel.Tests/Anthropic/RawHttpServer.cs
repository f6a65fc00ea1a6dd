using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Keel.Tests.Anthropic;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 with an ephemeral port, speaking raw bytes so tests can
/// stream, stall and cut responses exactly as a misbehaving server would.
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<RawHttpExchange, Task> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _connections = [];
    private readonly Task _acceptLoop;

    public RawHttpServer(Func<RawHttpExchange, Task> handler)
    {
        _handler = handler;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public ConcurrentQueue<CapturedRequest> Requests { get; } = new();

    public int ConnectionCount => _connections.Count;

    /// <summary>Cancelled when the server is disposed; stalling handlers wait on it.</summary>
    public CancellationToken Stopping => _stop.Token;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Expected on shutdown.
        }

        await Task.WhenAll(_connections);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _connections.Add(Task.Run(() => ServeAsync(client)));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var reader = new RequestReader(stream);
                while (await reader.ReadAsync(_stop.Token) is { } request)
                {
                    Requests.Enqueue(request);
                    var exchange = new RawHttpExchange(request, client, stream, _stop.Token);
                    await _handler(exchange);
                    if (exchange.Closed)
                    {
                        break;
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
                // The client went away or the test ended.
            }
        }
    }

    /// <summary>Reads request heads and Content-Length bodies off one keep-alive connection.</summary>
    private sealed class RequestReader(NetworkStream stream)
    {
        private readonly byte[] _buffer = new byte[64 * 1024];
        private int _start;
        private int _end;

        public async Task<CapturedRequest?> ReadAsync(CancellationToken cancellationToken)
        {
            int headEnd;
            while ((headEnd = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n\r\n"u8)) < 0)
            {
                if (!await FillAsync(cancellationToken))
                {
                    return null;
                }
            }

            var head = Encoding.ASCII.GetString(_buffer, _start, headEnd).Split("\r\n");
            _start += headEnd + 4;
            var requestLine = head[0].Split(' ');
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in head.Skip(1))
            {
                var colon = line.IndexOf(':');
                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }

            var length = headers.TryGetValue("content-length", out var cl) ? int.Parse(cl) : 0;
            while (_end - _start < length)
            {
                if (!await FillAsync(cancellationToken))
                {
                    return null;
                }
            }

            var body = _buffer.AsSpan(_start, length).ToArray();
            _start += length;
            return new CapturedRequest(requestLine[0], requestLine[1], headers, body);
        }

        private async Task<bool> FillAsync(CancellationToken cancellationToken)
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
            _end += read;
            return read > 0;
        }
    }
}
