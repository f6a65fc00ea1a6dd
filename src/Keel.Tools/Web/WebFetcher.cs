using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Keel.Tools.Web;

/// <summary>
/// Fetches one URL for WebFetch: https only (http upgraded, except for loopback hosts), redirects
/// followed within the same host only, a size cap and a time cap, text only, and a 15-minute cache.
/// </summary>
public sealed class WebFetcher : IDisposable
{
    public const long DefaultMaxBytes = 10 * 1024 * 1024;
    private const int MaxRedirects = 10;

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (DateTimeOffset Expires, FetchedPage Page)> _cache = new(StringComparer.Ordinal);

    private readonly NetworkGuard _guard;

    /// <param name="guard">Refuses link-local and metadata hosts and addresses; every connection goes to an address it checked.</param>
    public WebFetcher(TimeProvider time, TimeSpan? timeout = null, long maxBytes = DefaultMaxBytes, HttpMessageHandler? handler = null, NetworkGuard? guard = null)
    {
        _time = time;
        Timeout = timeout ?? TimeSpan.FromSeconds(30);
        MaxBytes = maxBytes;
        _guard = guard ?? new NetworkGuard();
        var checkedGuard = _guard;
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            UseProxy = false,
            ConnectCallback = (context, cancellationToken) => checkedGuard.ConnectAsync(context.DnsEndPoint, cancellationToken),
        })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Keel-WebFetch/1.0");
        _http.DefaultRequestHeaders.Accept.ParseAdd("text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.9,*/*;q=0.5");
    }

    public static TimeSpan CacheLifetime { get; } = TimeSpan.FromMinutes(15);

    public TimeSpan Timeout { get; }

    public long MaxBytes { get; }

    /// <summary>The URL actually requested: http upgraded to https unless the host is loopback.</summary>
    public static Uri? Normalize(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.IdnHost.Length == 0)
        {
            return null;
        }

        if (uri.Scheme == "http" && !IsLoopback(uri))
        {
            uri = new UriBuilder(uri) { Scheme = "https", Port = uri.IsDefaultPort ? -1 : uri.Port }.Uri;
        }

        return uri;
    }

    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    public async Task<(FetchedPage Page, bool FromCache)> FetchAsync(Uri uri, CancellationToken cancellationToken)
    {
        var key = uri.AbsoluteUri;
        var now = _time.GetUtcNow();
        if (_cache.TryGetValue(key, out var cached) && cached.Expires > now)
        {
            return (cached.Page, true);
        }

        using var timeout = new CancellationTokenSource(Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        FetchedPage page;
        try
        {
            page = await FetchUncachedAsync(uri, linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            page = new FetchedPage(uri.AbsoluteUri, 0, null, null, false, Error: $"the request timed out after {Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            page = new FetchedPage(uri.AbsoluteUri, 0, null, null, false, Error: $"the request failed: {ex.Message}");
        }

        if (page.Error is null)
        {
            _cache[key] = (now + CacheLifetime, page);
        }

        return (page, false);
    }

    private async Task<FetchedPage> FetchUncachedAsync(Uri uri, CancellationToken cancellationToken)
    {
        var current = uri;
        for (var hop = 0; ; hop++)
        {
            // Checked again on every hop: a redirect within the host may switch to an address spelling that is refused.
            if (_guard.HostRefusal(current.IdnHost) is { } refusal)
            {
                return new FetchedPage(current.AbsoluteUri, 0, null, null, false, Error: $"WebFetch refuses {current.IdnHost}: {refusal}. Only an allow rule naming it exactly, WebFetch(domain:{current.IdnHost}), permits it");
            }

            using var response = await _http.GetAsync(current, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                var target = location.IsAbsoluteUri ? location : new Uri(current, location);
                if (!string.Equals(target.IdnHost, current.IdnHost, StringComparison.OrdinalIgnoreCase))
                {
                    return new FetchedPage(current.AbsoluteUri, status, null, null, false, RedirectTo: target.AbsoluteUri);
                }

                if (hop >= MaxRedirects)
                {
                    return new FetchedPage(current.AbsoluteUri, status, null, null, false, Error: $"more than {MaxRedirects} redirects");
                }

                current = Normalize(target.AbsoluteUri) ?? target;
                continue;
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant();
            if (status >= 400)
            {
                return new FetchedPage(current.AbsoluteUri, status, mediaType, null, false, Error: $"the server answered {status} {response.ReasonPhrase}");
            }

            if (mediaType is not null && !IsText(mediaType))
            {
                return new FetchedPage(current.AbsoluteUri, status, mediaType, null, false, Error: $"the content is {mediaType}, which is not text; WebFetch only reads text and HTML pages");
            }

            var (bytes, truncated) = await ReadCappedAsync(response.Content, cancellationToken);
            if (Array.IndexOf(bytes, (byte)0, 0, Math.Min(bytes.Length, 8192)) >= 0)
            {
                return new FetchedPage(current.AbsoluteUri, status, mediaType, null, false, Error: "the content is binary (it contains NUL bytes); WebFetch only reads text and HTML pages");
            }

            var text = Decode(bytes, response.Content.Headers.ContentType);
            var isHtml = mediaType is "text/html" or "application/xhtml+xml" || (mediaType is null && text.TrimStart().StartsWith('<'));
            var content = isHtml ? HtmlToMarkdown.Convert(text, current) : text;
            return new FetchedPage(current.AbsoluteUri, status, mediaType, content, truncated, Bytes: bytes.Length);
        }
    }

    private async Task<(byte[] Bytes, bool Truncated)> ReadCappedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                return (buffer.ToArray(), false);
            }

            var room = (int)Math.Min(read, MaxBytes - buffer.Length);
            buffer.Write(chunk, 0, room);
            if (buffer.Length >= MaxBytes)
            {
                // Stop reading: a page larger than the cap is cut here, never downloaded whole.
                return (buffer.ToArray(), true);
            }
        }
    }

    private static bool IsText(string mediaType) =>
        mediaType.StartsWith("text/", StringComparison.Ordinal)
        || mediaType is "application/json" or "application/xml" or "application/xhtml+xml" or "application/javascript" or "application/x-javascript" or "application/ld+json" or "application/rss+xml" or "application/atom+xml" or "application/x-yaml" or "application/yaml" or "application/toml"
        || mediaType.EndsWith("+json", StringComparison.Ordinal) || mediaType.EndsWith("+xml", StringComparison.Ordinal);

    private static string Decode(byte[] bytes, MediaTypeHeaderValue? type)
    {
        var encoding = Encoding.UTF8;
        if (type?.CharSet is { Length: > 0 } charset)
        {
            try
            {
                encoding = Encoding.GetEncoding(charset.Trim('"'));
            }
            catch (ArgumentException)
            {
                // An unknown charset: UTF-8 is the best guess for the web.
            }
        }

        return encoding.GetString(bytes);
    }

    public void Dispose() => _http.Dispose();
}
