using Keel.Core.Permissions;

namespace Keel.Tests.Core.Permissions;

public sealed class DomainMatcherTests
{
    [Theory]
    [InlineData("domain:example.com", "https://example.com/a", true)]
    [InlineData("domain:example.com", "https://EXAMPLE.com/a", true)]
    [InlineData("domain:example.com", "https://example.com.attacker.io/a", false)]
    [InlineData("domain:example.com", "https://api.example.com/a", false)]
    [InlineData("domain:*.example.com", "https://api.example.com/a", true)]
    [InlineData("domain:*.example.com", "https://example.com/a", false)]
    [InlineData("domain:api.*.com", "https://api.x.y.com/a", false)]
    public void Domains_match_on_the_parsed_host(string spec, string url, bool expected) =>
        DomainMatcher.Matches(spec, DomainMatcher.Host(url)!).ShouldBe(expected);

    [Fact]
    public void A_url_without_an_http_host_has_no_host() => DomainMatcher.Host("file:///etc/passwd").ShouldBeNull();
}
