using System.Net;
using System.Net.Sockets;
using Keel.Anthropic;
using Keel.Core.Model;
using static Keel.Tests.Anthropic.ClientTestKit;

namespace Keel.Tests.Anthropic;

public sealed class AnthropicClientErrorTests
{
    [Fact]
    public async Task Rate_limit_reports_status_type_message_request_id_and_retry_after_ms()
    {
        await using var server = new RawHttpServer(exchange => exchange.RespondAsync(
            429,
            "Too Many Requests",
            """{"type":"error","error":{"type":"rate_limit_error","message":"Number of request tokens has exceeded your per-minute rate limit"}}""",
            ("content-type", "application/json"),
            ("request-id", "req_429"),
            ("retry-after-ms", "1500"),
            ("retry-after", "30")));
        using var client = ClientFor(server);

        var error = await FailureAsync(client);

        error.ShouldBe(new ModelError(
            ModelErrorKind.Http,
            "Number of request tokens has exceeded your per-minute rate limit",
            429,
            "rate_limit_error",
            "req_429",
            TimeSpan.FromMilliseconds(1500),
            ShouldRetry: null));
    }

    [Fact]
    public async Task Overloaded_with_should_retry_false_says_not_to_retry()
    {
        await using var server = new RawHttpServer(exchange => exchange.RespondAsync(
            529,
            "Overloaded",
            """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""",
            ("x-should-retry", "false"),
            ("retry-after", "2")));
        using var client = ClientFor(server);

        var error = await FailureAsync(client);

        error.Kind.ShouldBe(ModelErrorKind.Http);
        error.Status.ShouldBe(529);
        error.ErrorType.ShouldBe("overloaded_error");
        error.ShouldRetry.ShouldBe(false);
        error.RetryAfter.ShouldBe(TimeSpan.FromSeconds(2));
        error.Describe().ShouldBe("API Error (529 overloaded_error): Overloaded");
    }

    [Fact]
    public async Task Server_error_with_a_non_json_body_uses_the_body_text()
    {
        await using var server = new RawHttpServer(exchange => exchange.RespondAsync(
            500,
            "Internal Server Error",
            "upstream connect error or disconnect/reset before headers",
            ("content-type", "text/plain")));
        using var client = ClientFor(server);

        var error = await FailureAsync(client);

        error.Kind.ShouldBe(ModelErrorKind.Http);
        error.Status.ShouldBe(500);
        error.ErrorType.ShouldBeNull();
        error.Message.ShouldBe("upstream connect error or disconnect/reset before headers");
    }

    [Fact]
    public async Task Server_error_with_an_empty_body_uses_the_status_text()
    {
        await using var server = new RawHttpServer(exchange => exchange.RespondAsync(502, "Bad Gateway", string.Empty));
        using var client = ClientFor(server);

        var error = await FailureAsync(client);

        error.Status.ShouldBe(502);
        error.Message.ShouldBe("Bad Gateway");
    }

    [Fact]
    public async Task A_connection_cut_mid_stream_is_a_connection_error_after_the_events_already_sent()
    {
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.StartStreamAsync();
            await exchange.SendChunkAsync(SseText.MessageStart() + SseText.TextStart(0) + SseText.TextDelta(0, "Hel"));
            exchange.Abort();
        });
        using var client = ClientFor(server);
        var seen = new List<ModelStreamEvent>();

        var error = await FailureAsync(client, seen);

        error.Kind.ShouldBe(ModelErrorKind.Connection);
        seen.OfType<ContentBlockDeltaEvent>().ShouldHaveSingleItem().Delta.ShouldBe(new TextDelta("Hel"));
    }

    [Fact]
    public async Task A_stream_that_ends_cleanly_before_message_stop_is_a_connection_error()
    {
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.StartStreamAsync(("request-id", "req_short"));
            await exchange.SendChunkAsync(SseText.MessageStart() + SseText.TextStart(0));
            await exchange.EndStreamAsync();
        });
        using var client = ClientFor(server);

        var error = await FailureAsync(client);

        error.Kind.ShouldBe(ModelErrorKind.Connection);
        error.Message.ShouldBe("stream ended before message_stop");
        error.RequestId.ShouldBe("req_short");
    }

    [Fact]
    public async Task An_error_event_in_the_stream_is_a_stream_error_with_status_529_when_overloaded()
    {
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.StartStreamAsync(("request-id", "req_err"));
            await exchange.SendChunkAsync(SseText.MessageStart() + SseText.Error("overloaded_error", "Overloaded"));
            await exchange.EndStreamAsync();
        });
        using var client = ClientFor(server);

        var error = await FailureAsync(client);

        error.ShouldBe(new ModelError(ModelErrorKind.StreamError, "Overloaded", 529, "overloaded_error", "req_err"));
    }

    [Fact]
    public async Task A_stalled_stream_fails_with_stream_idle()
    {
        await using var server = new RawHttpServer(async exchange =>
        {
            await exchange.StartStreamAsync();
            await exchange.SendChunkAsync(SseText.MessageStart());
            await exchange.StallAsync();
        });

        // Real time: a 200 ms idle limit against a server that never sends again.
        using var client = ClientFor(server, o => o with { StreamIdleTimeout = TimeSpan.FromMilliseconds(200) });
        var seen = new List<ModelStreamEvent>();

        var ex = await Should.ThrowAsync<ModelCallException>(CollectAsync(client, seen).WaitAsync(TimeSpan.FromSeconds(10)));

        ex.Error.Kind.ShouldBe(ModelErrorKind.StreamIdle);
        seen.OfType<MessageStartEvent>().ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_refused_connection_is_a_connection_error_naming_the_cause()
    {
        var port = FreePort();
        using var client = new AnthropicClient(new AnthropicOptions { BaseUrl = $"http://127.0.0.1:{port}", ApiKey = "k" });

        var error = await FailureAsync(client);

        error.Kind.ShouldBe(ModelErrorKind.Connection);
        error.Message.ShouldContain("Connection refused");
        error.Message.ShouldContain($"127.0.0.1:{port}");
    }

    [Fact]
    public async Task A_success_response_that_is_not_an_event_stream_is_a_protocol_error()
    {
        await using var server = new RawHttpServer(exchange => exchange.RespondAsync(200, "OK", "<html>welcome</html>", ("content-type", "text/html")));
        using var client = ClientFor(server);

        var error = await FailureAsync(client);

        error.Kind.ShouldBe(ModelErrorKind.Protocol);
        error.Message.ShouldContain("text/html");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
