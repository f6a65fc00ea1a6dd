using System.Text;
using Keel.Testing.Time;
using Keel.Testing.Web;
using Keel.Tools.Web;

namespace Keel.Tests.Tools.Web;

public sealed class WebFetcherTests : IDisposable
{
    private readonly LoopbackHttpServer _server = new();

    [Fact]
    public async Task An_html_page_comes_back_as_markdown_without_page_chrome()
    {
        _server.Text("/page", "text/html; charset=utf-8", """
            <html><head><title>Doc</title><script>alert('x')</script><style>p{}</style></head>
            <body><nav><a href="/home">Home</a></nav>
            <h1>Install</h1><p>Run <code>keel init</code> then see <a href="/next">the next step</a>.</p>
            <ul><li>one</li><li>two</li></ul>
            <pre><code class="language-bash">echo hi
            </code></pre>
            <table><tr><th>Flag</th><th>Default</th></tr><tr><td>-p</td><td>off</td></tr></table>
            <footer>© corp</footer></body></html>
            """);
        using var fetcher = new WebFetcher(TimeProvider.System);

        var (page, _) = await fetcher.FetchAsync(WebFetcher.Normalize(_server.Url("/page"))!, CancellationToken.None);

        page.Error.ShouldBeNull();
        page.Content.ShouldBe($"""
            # Install

            Run `keel init` then see [the next step]({_server.Url("/next")}).

            - one
            - two

            ```bash
            echo hi
            ```

            | Flag | Default |
            | --- | --- |
            | -p | off |
            """);
    }

    [Fact]
    public async Task A_redirect_within_the_host_is_followed()
    {
        _server.Redirect("/old", "/new");
        _server.Text("/new", "text/plain", "moved here");
        using var fetcher = new WebFetcher(TimeProvider.System);

        var (page, _) = await fetcher.FetchAsync(WebFetcher.Normalize(_server.Url("/old"))!, CancellationToken.None);

        page.Content.ShouldBe("moved here");
        page.Url.ShouldBe(_server.Url("/new"));
    }

    [Fact]
    public async Task A_redirect_to_another_host_is_reported_not_followed()
    {
        _server.Redirect("/away", "https://elsewhere.example/landing");
        using var fetcher = new WebFetcher(TimeProvider.System);

        var (page, _) = await fetcher.FetchAsync(WebFetcher.Normalize(_server.Url("/away"))!, CancellationToken.None);

        page.RedirectTo.ShouldBe("https://elsewhere.example/landing");
        page.Content.ShouldBeNull();
    }

    [Fact]
    public async Task A_huge_body_is_cut_at_the_cap()
    {
        _server.Route("/huge", async r =>
        {
            r.ContentType = "text/plain";
            r.SendChunked = true;
            var chunk = Encoding.ASCII.GetBytes(new string('a', 64 * 1024));
            for (var i = 0; i < 64; i++)
            {
                await r.OutputStream.WriteAsync(chunk);
            }
        });
        using var fetcher = new WebFetcher(TimeProvider.System, maxBytes: 100_000);

        var (page, _) = await fetcher.FetchAsync(WebFetcher.Normalize(_server.Url("/huge"))!, CancellationToken.None);

        page.Truncated.ShouldBeTrue();
        page.Content!.Length.ShouldBe(100_000);
    }

    [Fact]
    public async Task A_slow_body_times_out_with_a_clear_error()
    {
        _server.Route("/slow", async r =>
        {
            r.ContentType = "text/plain";
            r.SendChunked = true;
            await r.OutputStream.WriteAsync("start"u8.ToArray());
            await r.OutputStream.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(10));
        });
        using var fetcher = new WebFetcher(TimeProvider.System, timeout: TimeSpan.FromMilliseconds(500));

        var (page, _) = await fetcher.FetchAsync(WebFetcher.Normalize(_server.Url("/slow"))!, CancellationToken.None);

        page.Error.ShouldNotBeNull();
        page.Error.ShouldContain("timed out");
    }

    [Fact]
    public async Task Plain_text_passes_through_and_binary_is_refused()
    {
        _server.Text("/data.json", "application/json", """{"a": "<b>"}""");
        _server.Route("/logo.png", async r =>
        {
            r.ContentType = "image/png";
            await r.OutputStream.WriteAsync(new byte[] { 0x89, 0x50, 0, 0 });
        });
        using var fetcher = new WebFetcher(TimeProvider.System);

        (await fetcher.FetchAsync(WebFetcher.Normalize(_server.Url("/data.json"))!, CancellationToken.None)).Page.Content.ShouldBe("""{"a": "<b>"}""");
        var (binary, _) = await fetcher.FetchAsync(WebFetcher.Normalize(_server.Url("/logo.png"))!, CancellationToken.None);
        binary.Error.ShouldNotBeNull();
        binary.Error.ShouldContain("image/png");
    }

    [Fact]
    public async Task A_second_fetch_within_15_minutes_is_served_from_the_cache()
    {
        _server.Text("/c", "text/plain", "cached");
        var time = new ManualTimeProvider();
        using var fetcher = new WebFetcher(time);
        var uri = WebFetcher.Normalize(_server.Url("/c"))!;

        (await fetcher.FetchAsync(uri, CancellationToken.None)).FromCache.ShouldBeFalse();
        time.Advance(TimeSpan.FromMinutes(14));
        (await fetcher.FetchAsync(uri, CancellationToken.None)).FromCache.ShouldBeTrue();
        _server.Hits.ShouldBe(1);
        time.Advance(TimeSpan.FromMinutes(2));
        (await fetcher.FetchAsync(uri, CancellationToken.None)).FromCache.ShouldBeFalse();
        _server.Hits.ShouldBe(2);
    }

    [Fact]
    public void Http_is_upgraded_except_for_loopback()
    {
        WebFetcher.Normalize("http://example.com/a")!.AbsoluteUri.ShouldBe("https://example.com/a");
        WebFetcher.Normalize("http://127.0.0.1:8080/a")!.AbsoluteUri.ShouldBe("http://127.0.0.1:8080/a");
        WebFetcher.Normalize("http://localhost/a")!.Scheme.ShouldBe("http");
        WebFetcher.Normalize("ftp://example.com").ShouldBeNull();
    }

    public void Dispose() => _server.Dispose();
}
