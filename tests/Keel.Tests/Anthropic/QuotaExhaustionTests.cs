using Keel.Anthropic;
using Keel.Anthropic.Errors;
using Keel.Core.Model;
using Keel.Core.Recovery;
using static Keel.Tests.Anthropic.ClientTestKit;

namespace Keel.Tests.Anthropic;

/// <summary>A spent quota is told apart from a transient rate limit, and is never worth a retry.</summary>
public sealed class QuotaExhaustionTests
{
    [Fact]
    public async Task A_429_naming_a_spend_limit_is_quota_exhaustion_whatever_the_retry_headers_say()
    {
        await using var server = new RawHttpServer(exchange => exchange.RespondAsync(
            429,
            "Too Many Requests",
            """{"type":"error","error":{"type":"rate_limit_error","message":"This organization has reached its monthly spend limit.","details":{"error_code":"spend_limit_exceeded"}}}""",
            ("content-type", "application/json"),
            ("request-id", "req_quota"),
            ("retry-after", "3"),
            ("x-should-retry", "true")));
        using var client = ClientFor(server);

        var error = await FailureAsync(client);

        error.Kind.ShouldBe(ModelErrorKind.QuotaExhausted);
        error.Status.ShouldBe(429);
        error.RequestId.ShouldBe("req_quota");
        error.Message.ShouldContain("spend limit, quota or credit is exhausted");
        error.Message.ShouldContain("monthly spend limit");
        RetryPolicy.IsRetryable(error).ShouldBeFalse();
        new RetryPolicy { Unattended = true }.RetriesWithoutLimit(error).ShouldBeFalse();
    }

    [Theory]
    [InlineData(400, "billing_error", null, "Your credit balance is too low to access the API.", true)]
    [InlineData(429, "rate_limit_error", "quota_exceeded", "Too many tokens.", true)]
    [InlineData(400, "invalid_request_error", null, "You have reached your specified API usage limits. You will regain access on 2026-01-01.", true)]
    [InlineData(400, "invalid_request_error", null, "Your credit balance is too low to access the Anthropic API.", true)]
    [InlineData(403, "permission_error", null, "Quota exceeded for this workspace.", true)]
    [InlineData(429, "rate_limit_error", null, "Number of request tokens has exceeded your per-minute rate limit", false)]
    [InlineData(429, "rate_limit_error", "rate_limit_exceeded", "Slow down.", false)]
    [InlineData(400, "invalid_request_error", null, "messages: text mentions billing and quota", false)]
    [InlineData(529, "overloaded_error", null, "Overloaded", false)]
    public void Only_account_capacity_errors_count_as_quota(int status, string type, string? code, string message, bool expected)
    {
        QuotaExhaustion.Matches(status, type, code, message).ShouldBe(expected);
    }

    [Fact]
    public async Task A_billing_error_event_inside_the_stream_is_quota_exhaustion_too()
    {
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.StartStreamAsync();
            await exchange.SendChunkAsync(SseText.MessageStart() + "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"billing_error\",\"message\":\"credit balance is too low\"}}\n\n");
            await exchange.EndStreamAsync();
        });
        using var client = ClientFor(server);

        var error = await FailureAsync(client);

        error.Kind.ShouldBe(ModelErrorKind.QuotaExhausted);
        error.ShouldRetry.ShouldBe(false);
    }
}
