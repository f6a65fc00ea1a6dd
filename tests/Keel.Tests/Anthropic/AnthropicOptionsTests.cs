using Keel.Anthropic;
using Keel.Anthropic.Http;

namespace Keel.Tests.Anthropic;

public sealed class AnthropicOptionsTests
{
    [Fact]
    public void Reads_the_environment_and_tolerates_a_trailing_slash()
    {
        var env = new Dictionary<string, string>
        {
            ["ANTHROPIC_API_KEY"] = "sk-1",
            ["ANTHROPIC_AUTH_TOKEN"] = "",
            ["ANTHROPIC_BASE_URL"] = "http://gateway.local:8080/anthropic/",
            ["KEEL_STREAM_IDLE_TIMEOUT_MS"] = "1500",
        };

        var options = AnthropicOptions.FromEnvironment(name => env.GetValueOrDefault(name));

        options.ApiKey.ShouldBe("sk-1");
        options.AuthToken.ShouldBeNull();
        options.HasCredentials.ShouldBeTrue();
        options.StreamIdleTimeout.ShouldBe(TimeSpan.FromMilliseconds(1500));
        options.MessagesEndpoint().ShouldBe(new Uri("http://gateway.local:8080/anthropic/v1/messages"));
    }

    [Fact]
    public void Defaults_apply_when_the_environment_is_empty()
    {
        var options = AnthropicOptions.FromEnvironment(_ => null);

        options.HasCredentials.ShouldBeFalse();
        options.MessagesEndpoint().ShouldBe(new Uri("https://api.anthropic.com/v1/messages"));
        options.StreamIdleTimeout.ShouldBe(TimeSpan.FromSeconds(45));
        options.FirstByteTimeout.ShouldBe(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void An_invalid_idle_timeout_keeps_the_default()
    {
        var options = AnthropicOptions.FromEnvironment(name => name == "KEEL_STREAM_IDLE_TIMEOUT_MS" ? "soon" : null);

        options.StreamIdleTimeout.ShouldBe(AnthropicOptions.DefaultStreamIdleTimeout);
    }

    [Theory]
    [InlineData("250", "7", 250)]
    [InlineData(null, "7", 7000)]
    [InlineData(null, "0.5", 500)]
    [InlineData(null, "Wed, 01 Jan 2025 00:00:30 GMT", 30000)]
    [InlineData(null, "Tue, 31 Dec 2024 23:59:00 GMT", 0)]
    public void Retry_after_prefers_milliseconds_then_seconds_then_a_date(string? ms, string retryAfter, int expectedMs)
    {
        var now = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

        HttpErrorReader.ParseRetryAfter(ms, retryAfter, now).ShouldBe(TimeSpan.FromMilliseconds(expectedMs));
    }

    [Fact]
    public void Retry_after_is_absent_when_no_header_parses()
    {
        HttpErrorReader.ParseRetryAfter(null, "whenever", DateTimeOffset.UnixEpoch).ShouldBeNull();
    }
}
