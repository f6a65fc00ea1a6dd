using System.Net;
using System.Net.Http.Headers;

namespace Keel.Anthropic.Http;

/// <summary>The HTTP plumbing: one pooled handler, and the request message with its headers.</summary>
public static class AnthropicHttp
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");

    /// <summary>
    /// A client meant to be shared for the life of the process: keep-alive connections,
    /// recycled every few minutes so DNS changes are picked up. No overall timeout: streams
    /// are bounded by the idle limit instead, since a long answer can legitimately take minutes.
    /// </summary>
    public static HttpClient CreateHttpClient(AnthropicOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate | DecompressionMethods.Brotli,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
            ConnectTimeout = options.ConnectTimeout,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public static HttpRequestMessage CreateRequest(AnthropicOptions options, Uri endpoint, byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = JsonContentType;

        var message = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        var headers = message.Headers;
        headers.TryAddWithoutValidation("accept", "text/event-stream");
        headers.TryAddWithoutValidation("anthropic-version", options.AnthropicVersion);
        if (!string.IsNullOrEmpty(options.AuthToken))
        {
            headers.TryAddWithoutValidation("authorization", "Bearer " + options.AuthToken);
        }
        else if (!string.IsNullOrEmpty(options.ApiKey))
        {
            headers.TryAddWithoutValidation("x-api-key", options.ApiKey);
        }

        if (options.Betas.Count > 0)
        {
            headers.TryAddWithoutValidation("anthropic-beta", string.Join(',', options.Betas));
        }

        headers.TryAddWithoutValidation("user-agent", options.UserAgent);
        foreach (var (name, value) in options.Headers)
        {
            headers.Remove(name);
            if (name.Equals("authorization", StringComparison.OrdinalIgnoreCase))
            {
                // The configured credential replaces Keel's, whichever header Keel would have used.
                headers.Remove("x-api-key");
            }

            headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }

    /// <summary>The first value of a response header, without the typed-header parsing cost.</summary>
    public static string? GetHeader(HttpResponseMessage response, string name)
    {
        if (response.Headers.NonValidated.TryGetValues(name, out var values))
        {
            foreach (var value in values)
            {
                return value;
            }
        }

        return null;
    }

    public static string? GetRequestId(HttpResponseMessage response) =>
        GetHeader(response, "request-id") ?? GetHeader(response, "x-request-id");
}
