using System.Net;
using Keel.Testing.Web;
using Keel.Tools.Web;

namespace Keel.Tests.Tools.Web;

/// <summary>WebFetch SSRF: link-local and metadata hosts are refused in every spelling unless an allow rule names them exactly; connections go to the checked address.</summary>
public sealed class NetworkGuardTests : IDisposable
{
    private readonly LoopbackHttpServer _server = new();

    public void Dispose() => _server.Dispose();

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("2852039166")]
    [InlineData("0xA9FEA9FE")]
    [InlineData("0xa9.0xfe.0xa9.0xfe")]
    [InlineData("0251.0376.0251.0376")]
    [InlineData("0251.254.169.254")]
    [InlineData("169.254.43518")]
    [InlineData("169.16689662")]
    [InlineData("0xa9.16689662")]
    [InlineData("169.254.0.1")]
    [InlineData("169.254.255.255")]
    [InlineData("[::ffff:169.254.169.254]")]
    [InlineData("[::ffff:a9fe:a9fe]")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("[::169.254.169.254]")]
    [InlineData("[64:ff9b::a9fe:a9fe]")]
    [InlineData("[fe80::1]")]
    [InlineData("[fe80::a9fe:a9fe%1]")]
    [InlineData("[fd00:ec2::254]")]
    [InlineData("100.100.100.200")]
    [InlineData("0.0.0.0")]
    [InlineData("0")]
    [InlineData("metadata.google.internal")]
    [InlineData("METADATA.GOOGLE.INTERNAL.")]
    [InlineData("metadata.goog")]
    [InlineData("metadata")]
    [InlineData("instance-data")]
    [InlineData("224.0.0.1")]
    public void Link_local_and_metadata_hosts_are_refused_in_every_spelling(string host) =>
        new NetworkGuard().HostRefusal(host).ShouldNotBeNull(host);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("example.com")]
    [InlineData("docs.rs")]
    [InlineData("8.8.8.8")]
    [InlineData("[::1]")]
    [InlineData("[2606:4700::1111]")]
    [InlineData("169.253.1.1")]
    [InlineData("170.254.169.254")]
    public void Ordinary_hosts_pass(string host) =>
        new NetworkGuard().HostRefusal(host).ShouldBeNull(host);

    [Theory]
    [InlineData("169.254.169.254")]
    [InlineData("metadata.google.internal")]
    public void An_allow_rule_naming_the_host_exactly_lets_it_through(string host)
    {
        new NetworkGuard(h => h == host).HostRefusal(host).ShouldBeNull();
        new NetworkGuard(h => h == "other.example").HostRefusal(host).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("2852039166", "169.254.169.254")]
    [InlineData("0xA9FEA9FE", "169.254.169.254")]
    [InlineData("0251.0376.0251.0376", "169.254.169.254")]
    [InlineData("169.254.43518", "169.254.169.254")]
    [InlineData("127.1", "127.0.0.1")]
    [InlineData("0x7f.1", "127.0.0.1")]
    [InlineData("[::ffff:127.0.0.1]", "127.0.0.1")]
    public void Every_ipv4_spelling_parses_to_the_same_address(string host, string expected) =>
        NetworkGuard.ParseAddress(host).ShouldBe(IPAddress.Parse(expected));

    [Theory]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.1.1.1")]
    [InlineData("1.2.3.256")]
    [InlineData("08.1.1.1")]
    [InlineData("example.com")]
    public void Non_addresses_do_not_parse(string host) =>
        NetworkGuard.ParseAddress(host).ShouldBeNull(host);

    [Fact]
    public async Task A_name_resolving_to_a_metadata_address_is_refused_before_any_connection()
    {
        var guard = new NetworkGuard(resolve: (_, _) => Task.FromResult(new[] { IPAddress.Parse("169.254.169.254") }));

        var error = await Should.ThrowAsync<HttpRequestException>(() => guard.ConnectAsync(new DnsEndPoint("innocent.example", 80), CancellationToken.None).AsTask());

        error.Message.ShouldContain("link-local");
    }

    [Fact]
    public async Task A_rebinding_name_connects_only_to_the_address_that_was_checked()
    {
        // The first answer is a safe address; a rebinding server answers metadata next. Each connection resolves once and uses that answer.
        var answers = new Queue<IPAddress>([IPAddress.Loopback, IPAddress.Parse("169.254.169.254")]);
        var guard = new NetworkGuard(resolve: (_, _) => Task.FromResult(new[] { answers.Dequeue() }));

        await using (var stream = await guard.ConnectAsync(new DnsEndPoint("rebind.example", _server.Port), CancellationToken.None))
        {
            stream.ShouldNotBeNull();
        }

        await Should.ThrowAsync<HttpRequestException>(() => guard.ConnectAsync(new DnsEndPoint("rebind.example", _server.Port), CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task A_name_with_one_refused_address_among_several_connects_to_a_safe_one()
    {
        var guard = new NetworkGuard(resolve: (_, _) => Task.FromResult(new[] { IPAddress.Parse("169.254.169.254"), IPAddress.Loopback }));

        await using var stream = await guard.ConnectAsync(new DnsEndPoint("mixed.example", _server.Port), CancellationToken.None);

        stream.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://2852039166/latest/meta-data/")]
    [InlineData("https://0xA9FEA9FE/")]
    [InlineData("http://[::ffff:169.254.169.254]/")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/")]
    [InlineData("http://[fd00:ec2::254]/")]
    public async Task WebFetch_refuses_metadata_urls_without_connecting(string url)
    {
        using var fetcher = new WebFetcher(TimeProvider.System);

        var (page, _) = await fetcher.FetchAsync(WebFetcher.Normalize(url)!, CancellationToken.None);

        page.Error.ShouldNotBeNull();
        page.Error.ShouldContain("refuses");
        page.Content.ShouldBeNull();
    }

    [Fact]
    public async Task A_redirect_to_a_metadata_address_is_not_followed()
    {
        _server.Redirect("/hop", "http://169.254.169.254/latest/meta-data/");
        using var fetcher = new WebFetcher(TimeProvider.System);

        var (page, _) = await fetcher.FetchAsync(WebFetcher.Normalize(_server.Url("/hop"))!, CancellationToken.None);
        page.Content.ShouldBeNull();
        page.RedirectTo.ShouldNotBeNull();

        var (next, _) = await fetcher.FetchAsync(WebFetcher.Normalize(page.RedirectTo!)!, CancellationToken.None);
        next.Error.ShouldNotBeNull();
        next.Error.ShouldContain("refuses");
    }
}
