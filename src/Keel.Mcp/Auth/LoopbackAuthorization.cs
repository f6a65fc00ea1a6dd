using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Web;
using ModelContextProtocol.Authentication;

namespace Keel.Mcp.Auth;

/// <summary>
/// The browser half of the authorization-code flow: shows the authorization URL (and opens it with <c>$BROWSER</c> or
/// xdg-open when there is one), then waits on a 127.0.0.1 listener for the redirect carrying the code. A redirect whose
/// state does not match the one sent is refused, so another page cannot slip its own code in.
/// </summary>
public sealed class LoopbackAuthorization(TcpListener listener, Action<string> show, Action<Uri> open, TimeProvider time, TimeSpan wait)
{
    /// <summary>Listens on a free loopback port (or the given one); the redirect URI is fixed before the flow starts.</summary>
    public static TcpListener Listen(int port = 0)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return listener;
    }

    public static Uri RedirectUri(TcpListener listener) => new($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/callback");

    public async Task<AuthorizationResult?> HandleAsync(AuthorizationCallbackContext context, CancellationToken cancellationToken)
    {
        var expectedState = HttpUtility.ParseQueryString(context.AuthorizationUri.Query)["state"];
        show(context.AuthorizationUri.AbsoluteUri);
        open(context.AuthorizationUri);
        using var timeout = new CancellationTokenSource(wait, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            while (true)
            {
                using var client = await listener.AcceptTcpClientAsync(linked.Token).ConfigureAwait(false);
                var stream = client.GetStream();
                var target = await ReadRequestTargetAsync(stream, linked.Token).ConfigureAwait(false);
                if (target is null || !target.StartsWith("/callback", StringComparison.Ordinal))
                {
                    // A favicon or a stray request: not the redirect.
                    await RespondAsync(stream, 404, "Not found.", linked.Token).ConfigureAwait(false);
                    continue;
                }

                var query = HttpUtility.ParseQueryString(target.Contains('?', StringComparison.Ordinal) ? target[target.IndexOf('?', StringComparison.Ordinal)..] : string.Empty);
                if (query["error"] is { } error)
                {
                    await RespondAsync(stream, 400, $"Authorization failed: {error}. You can close this window.", linked.Token).ConfigureAwait(false);
                    throw new InvalidOperationException($"the authorization server refused: {error}{(query["error_description"] is { } d ? $" ({d})" : string.Empty)}");
                }

                if (expectedState is not null && query["state"] != expectedState)
                {
                    await RespondAsync(stream, 400, "Refused: the state does not match the request Keel made. You can close this window.", linked.Token).ConfigureAwait(false);
                    throw new InvalidOperationException("refused the authorization response: its state does not match the request (possible forgery)");
                }

                if (query["code"] is not { Length: > 0 } code)
                {
                    await RespondAsync(stream, 400, "The redirect carried no authorization code.", linked.Token).ConfigureAwait(false);
                    throw new InvalidOperationException("the authorization redirect carried no code");
                }

                await RespondAsync(stream, 200, "Keel is signed in. You can close this window.", linked.Token).ConfigureAwait(false);
                return new AuthorizationResult { Code = code, State = query["state"], Iss = query["iss"] };
            }
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no browser sign-in arrived within {wait.TotalMinutes:0.#} minutes", ex);
        }
    }

    /// <summary>The request line's target, e.g. <c>/callback?code=…</c>; the rest of the request is not needed.</summary>
    private static async Task<string?> ReadRequestTargetAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                break;
            }
        }

        var line = Encoding.ASCII.GetString(buffer, 0, length).Split("\r\n")[0].Split(' ');
        return line is [_, var target, ..] ? target : null;
    }

    private static async Task RespondAsync(NetworkStream stream, int status, string message, CancellationToken cancellationToken)
    {
        var body = Encoding.UTF8.GetBytes($"<!doctype html><html><body><p>{WebUtility.HtmlEncode(message)}</p></body></html>");
        var reason = status switch { 200 => "OK", 404 => "Not Found", _ => "Bad Request" };
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(head, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
