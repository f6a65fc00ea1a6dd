using System.Net;
using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;
using Keel.Testing.Time;

namespace Keel.Tests.Testing;

public sealed class FakeServerFaultTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new();
    private static readonly TimeSpan Safety = TimeSpan.FromSeconds(10);
    private readonly ManualTimeProvider _time = new();
    private FakeAnthropicServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeAnthropicServer.StartAsync(new FakeServerOptions { TimeProvider = _time });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Rate_limit_carries_status_headers_and_error_type()
    {
        _server.Enqueue(Fault.Status(
            429,
            headers: new Dictionary<string, string> { ["retry-after-ms"] = "10", ["x-should-retry"] = "true" },
            errorType: "rate_limit_error"));

        using var response = await FakeServerClient.PostAsync(Http, _server.BaseUrl);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        ((int)response.StatusCode).ShouldBe(429);
        response.Headers.GetValues("retry-after-ms").ShouldBe(["10"]);
        response.Headers.GetValues("x-should-retry").ShouldBe(["true"]);
        response.Headers.GetValues("request-id").ShouldBe(["req_fake_1"]);
        ((string)body["type"]!).ShouldBe("error");
        ((string)body["error"]!["type"]!).ShouldBe("rate_limit_error");
        ((string)body["request_id"]!).ShouldBe("req_fake_1");
    }

    [Theory]
    [InlineData(529, "overloaded_error")]
    [InlineData(500, "api_error")]
    [InlineData(401, "authentication_error")]
    [InlineData(413, "request_too_large")]
    public async Task Error_statuses_use_the_api_error_types(int status, string errorType)
    {
        _server.Enqueue(Fault.Status(status).Header("x-should-retry", "false"));

        using var response = await FakeServerClient.PostAsync(Http, _server.BaseUrl);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        ((int)response.StatusCode).ShouldBe(status);
        ((string)body["error"]!["type"]!).ShouldBe(errorType);
        response.Headers.GetValues("x-should-retry").ShouldBe(["false"]);
    }

    [Fact]
    public async Task Prompt_too_long_is_a_400_with_the_message()
    {
        _server.Enqueue(Fault.PromptTooLong());

        using var response = await FakeServerClient.PostAsync(Http, _server.BaseUrl);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        ((string)body["error"]!["type"]!).ShouldBe("invalid_request_error");
        ((string)body["error"]!["message"]!).ShouldBe("prompt is too long: 210000 tokens > 200000 maximum");
    }

    [Fact]
    public async Task Cut_connection_delivers_n_events_then_an_incomplete_body()
    {
        _server.Enqueue(Fault.CutAfterEvents(4), Turn.Text("after the cut"));

        using var response = await FakeServerClient.PostAsync(Http, _server.BaseUrl);
        using var reader = new SseLineReader(await response.Content.ReadAsStreamAsync());
        var received = new List<string>();
        var failure = await Should.ThrowAsync<IOException>(async () =>
        {
            while (await reader.NextEventAsync() is { } name)
            {
                received.Add(name);
            }
        });

        failure.ShouldNotBeNull();
        received.ShouldBe(["message_start", "content_block_start", "ping", "content_block_delta"]);
        (await _server.Requests[0].Served.WaitAsync(Safety)).Completed.ShouldBeFalse();
        using var retry = await FakeServerClient.PostAsync(Http, _server.BaseUrl);
        Sse.Deltas(Sse.Parse(await retry.Content.ReadAsStringAsync()), 0, "text").ShouldBe("after the cut");
    }

    [Fact]
    public async Task In_stream_error_follows_message_start()
    {
        _server.Enqueue(Fault.StreamError("overloaded_error"));

        using var response = await FakeServerClient.PostAsync(Http, _server.BaseUrl);
        var events = Sse.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        events.Select(e => e.Event).ShouldBe(["message_start", "error"]);
        ((string)events[1].Data["error"]!["type"]!).ShouldBe("overloaded_error");
        (await _server.Requests[0].Served).Completed.ShouldBeFalse();
    }

    [Fact]
    public async Task Stall_goes_silent_until_the_clock_moves_then_finishes()
    {
        _server.Enqueue(Fault.StallAfterEvents(2, TimeSpan.FromMinutes(5), Turn.Text("slow but complete")));

        using var response = await FakeServerClient.PostAsync(Http, _server.BaseUrl);
        using var reader = new SseLineReader(await response.Content.ReadAsStreamAsync());
        (await reader.NextEventAsync()).ShouldBe("message_start");
        (await reader.NextEventAsync()).ShouldBe("content_block_start");
        await _time.WaitForTimerAsync().WaitAsync(Safety);

        _server.Requests[0].Served.IsCompleted.ShouldBeFalse();
        _time.Advance(TimeSpan.FromMinutes(5));

        var rest = new List<string>();
        while (await reader.NextEventAsync() is { } name)
        {
            rest.Add(name);
        }

        rest[^1].ShouldBe("message_stop");
        (await _server.Requests[0].Served.WaitAsync(Safety)).Completed.ShouldBeTrue();
    }

    [Fact]
    public async Task Stall_ends_when_the_client_aborts()
    {
        _server.Enqueue(Fault.StallAfterEvents(1, TimeSpan.FromHours(1)));

        var response = await FakeServerClient.PostAsync(Http, _server.BaseUrl);
        using var reader = new SseLineReader(await response.Content.ReadAsStreamAsync());
        (await reader.NextEventAsync()).ShouldBe("message_start");
        await _time.WaitForTimerAsync().WaitAsync(Safety);
        response.Dispose();

        var served = await _server.Requests[0].Served.WaitAsync(Safety);

        served.Completed.ShouldBeFalse();
    }

    [Fact]
    public async Task Delay_holds_back_the_headers_until_the_clock_moves()
    {
        _server.Enqueue(Fault.Delay(TimeSpan.FromSeconds(30), Turn.Text("late")));

        var pending = FakeServerClient.PostAsync(Http, _server.BaseUrl);
        await _time.WaitForTimerAsync().WaitAsync(Safety);
        pending.IsCompleted.ShouldBeFalse();
        _time.Advance(TimeSpan.FromSeconds(30));
        using var response = await pending.WaitAsync(Safety);

        Sse.Deltas(Sse.Parse(await response.Content.ReadAsStringAsync()), 0, "text").ShouldBe("late");
    }
}
