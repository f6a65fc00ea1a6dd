using System.Net;
using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;

namespace Keel.Tests.Testing;

public sealed class FakeAnthropicServerTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new();
    private FakeAnthropicServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeAnthropicServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Text_turn_streams_valid_sse_that_reassembles_to_the_text()
    {
        _server.BaseUrl.ShouldStartWith("http://127.0.0.1:");
        _server.Enqueue(Turn.Text("Done. The file was read and nothing needed changing.").ChunkSize(8));

        using var response = await FakeServerClient.PostAsync(Http, _server.BaseUrl);
        var events = Sse.Parse(await response.Content.ReadAsStringAsync());

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        response.Headers.GetValues("request-id").ShouldBe(["req_fake_1"]);
        events[0].Event.ShouldBe("message_start");
        var message = events[0].Data["message"]!;
        ((string)message["id"]!).ShouldBe("msg_fake_1");
        ((string)message["model"]!).ShouldBe("claude-test-1");
        events[1].Event.ShouldBe("content_block_start");
        ((string)events[1].Data["content_block"]!["type"]!).ShouldBe("text");
        events.ShouldContain(e => e.Event == "ping");
        Sse.Deltas(events, 0, "text").ShouldBe("Done. The file was read and nothing needed changing.");
        Sse.CountDeltas(events, 0).ShouldBeGreaterThan(3);
        var delta = events.Single(e => e.Event == "message_delta").Data;
        ((string)delta["delta"]!["stop_reason"]!).ShouldBe("end_turn");
        events[^1].Event.ShouldBe("message_stop");
        _server.Requests.Single().Response!.IsCompleteTurn.ShouldBeTrue();
    }

    [Fact]
    public async Task Tool_use_input_arrives_in_chunks_and_reassembles()
    {
        const string input = """{"file_path":"src/some/longer/path/a.txt","offset":10,"limit":200}""";
        _server.Enqueue(Turn.Create().Thinking("Let me look.", "sig-abc").Text("Reading.").ToolUse("Read", input).ChunkSize(10));

        using var response = await FakeServerClient.PostAsync(Http, _server.BaseUrl);
        var events = Sse.Parse(await response.Content.ReadAsStringAsync());

        var starts = events.Where(e => e.Event == "content_block_start").Select(e => e.Data["content_block"]!).ToList();
        starts.Select(b => (string)b["type"]!).ShouldBe(["thinking", "text", "tool_use"]);
        ((string)starts[2]["id"]!).ShouldBe("toolu_fake_2");
        ((string)starts[2]["name"]!).ShouldBe("Read");
        Sse.Deltas(events, 0, "thinking").ShouldBe("Let me look.");
        Sse.Deltas(events, 0, "signature").ShouldBe("sig-abc");
        Sse.CountDeltas(events, 2).ShouldBeGreaterThan(5);
        Sse.Deltas(events, 2, "partial_json").ShouldBe(input);
        ((string)events.Single(e => e.Event == "message_delta").Data["delta"]!["stop_reason"]!).ShouldBe("tool_use");
        var served = _server.Requests.Single().Response!;
        served.ToolUseIds.ShouldBe(["toolu_fake_2"]);
        served.Thinking.ShouldBe([new ServedThinking("Let me look.", "sig-abc")]);
    }

    [Fact]
    public async Task Malformed_tool_input_is_streamed_as_raw_text()
    {
        const string broken = """{"file_path": "a.txt", "limit": 1""";
        _server.Enqueue(Turn.ToolUse("Read", broken, id: "toolu_given").StopReason("max_tokens").Usage(5, 6, 7, 8));

        using var response = await FakeServerClient.PostAsync(Http, _server.BaseUrl);
        var events = Sse.Parse(await response.Content.ReadAsStringAsync());

        Sse.Deltas(events, 0, "partial_json").ShouldBe(broken);
        ((string)events.Single(e => e.Event == "content_block_start").Data["content_block"]!["id"]!).ShouldBe("toolu_given");
        var delta = events.Single(e => e.Event == "message_delta").Data;
        ((string)delta["delta"]!["stop_reason"]!).ShouldBe("max_tokens");
        JsonNode.DeepEquals(
            delta["usage"],
            JsonNode.Parse("""{"input_tokens":5,"cache_creation_input_tokens":8,"cache_read_input_tokens":7,"output_tokens":6}""")).ShouldBeTrue();
    }

    [Fact]
    public async Task Unknown_event_and_unknown_block_are_sent_in_place()
    {
        _server.Enqueue(Fault.UnknownEvent("brand_new_event"), Fault.UnknownBlock());

        using var first = await FakeServerClient.PostAsync(Http, _server.BaseUrl);
        var events = Sse.Parse(await first.Content.ReadAsStringAsync());
        using var second = await FakeServerClient.PostAsync(Http, _server.BaseUrl);
        var blocks = Sse.Parse(await second.Content.ReadAsStringAsync());

        events.ShouldContain(e => e.Event == "brand_new_event");
        events[^1].Event.ShouldBe("message_stop");
        blocks.Where(e => e.Event == "content_block_start").Select(e => (string)e.Data["content_block"]!["type"]!)
            .ShouldBe(["text", "fancy_block", "text"]);
        (Sse.Deltas(blocks, 0, "text") + Sse.Deltas(blocks, 2, "text")).ShouldBe("Before the fancy block. After it.");
    }

    [Fact]
    public async Task Requests_are_recorded_with_headers_body_and_helpers()
    {
        _server.Enqueue(Turn.Text("a"));
        const string body = """
            {"model":"m","system":[{"type":"text","text":"sys"}],"tools":[{"name":"Read","input_schema":{}}],"messages":[{"role":"user","content":"hi"}]}
            """;

        using var response = await FakeServerClient.PostAsync(Http, _server.BaseUrl, body);
        await response.Content.ReadAsStringAsync();

        var request = _server.Requests.ShouldHaveSingleItem();
        request.Number.ShouldBe(1);
        request.Method.ShouldBe("POST");
        request.PathAndQuery.ShouldBe("/v1/messages?beta=true");
        request.Header("X-API-KEY").ShouldBe("test-key");
        request.BodyText.ShouldBe(body);
        request.Model.ShouldBe("m");
        request.Messages!.Count.ShouldBe(1);
        ((string)request.System![0]!["text"]!).ShouldBe("sys");
        request.ToolNames.ShouldBe(["Read"]);
    }

    [Fact]
    public async Task Empty_script_answers_a_loud_500_naming_the_request()
    {
        _server.Enqueue(Turn.Text("only one"));
        using (var first = await FakeServerClient.PostAsync(Http, _server.BaseUrl))
        {
            await first.Content.ReadAsStringAsync();
        }

        using var second = await FakeServerClient.PostAsync(Http, _server.BaseUrl);

        second.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await second.Content.ReadAsStringAsync()).ShouldContain("fake server: no scripted response left for request #2");
    }

    [Fact]
    public async Task Fallback_repeats_forever_with_fresh_ids()
    {
        _server.SetFallback(Turn.ToolUse("Bash", """{"command":"true"}"""));

        for (var i = 1; i <= 3; i++)
        {
            using var response = await FakeServerClient.PostAsync(Http, _server.BaseUrl);
            var events = Sse.Parse(await response.Content.ReadAsStringAsync());
            ((string)events[0].Data["message"]!["id"]!).ShouldStartWith("msg_fake_");
        }

        _server.Requests.Select(r => r.Response!.ToolUseIds.Single()).Distinct().Count().ShouldBe(3);
    }

    [Fact]
    public async Task Other_paths_get_404_without_consuming_the_script()
    {
        _server.Enqueue(Turn.Text("kept"));

        using var response = await FakeServerClient.PostAsync(Http, _server.BaseUrl, path: "/v1/other");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        _server.Pending.ShouldBe(1);
    }
}
