using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;
using Keel.Testing.FakeServer.Scenario;

namespace Keel.Tests.Testing;

/// <summary>Scenario turns served over the OpenAI Responses API: whole items, custom (freeform) tool calls, per-session scripts.</summary>
public sealed class ResponsesScenarioTests : IAsyncLifetime
{
    private const string Patch = "*** Begin Patch\n*** Update File: calc.py\n@@\n-    return a - b\n+    return a + b\n*** End Patch\n";

    private const string NewConversation = """
        {"model":"m","stream":true,"input":[{"type":"message","role":"developer","content":[{"type":"input_text","text":"rules"}]},{"type":"message","role":"user","content":[{"type":"input_text","text":"fix add"}]}]}
        """;

    private const string ToolResultFollowUp = """
        {"model":"m","stream":true,"input":[{"type":"message","role":"user","content":[{"type":"input_text","text":"fix add"}]},{"type":"function_call","call_id":"c1","name":"exec_command","arguments":"{}"},{"type":"function_call_output","call_id":"c1","output":"ok"}]}
        """;

    private static readonly HttpClient Http = new();
    private FakeAnthropicServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeAnthropicServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Each_item_is_closed_by_a_done_event_carrying_the_whole_item_and_a_custom_call_streams_its_text_input()
    {
        var script = ScenarioParser.Parse("""
            {"turns":[{"text":"Patching the file.","tool_use":[
              {"name":"exec_command","input":{"cmd":"cat calc.py"}},
              {"name":"apply_patch","custom_input":
            """ + JsonValue.Create(Patch).ToJsonString() + "}]}]}");
        _server.Enqueue([.. script]);

        using var response = await FakeServerClient.PostAsync(Http, _server.BaseUrl, NewConversation, "/v1/responses");
        var events = Sse.Parse(await response.Content.ReadAsStringAsync());

        var added = events.Where(e => e.Event == "response.output_item.added").Select(e => e.Data["item"]!).ToList();
        var done = events.Where(e => e.Event == "response.output_item.done").Select(e => e.Data["item"]!).ToList();
        added.Select(i => (string)i["type"]!).ShouldBe(["message", "function_call", "custom_tool_call"]);
        done.Select(i => (string)i["id"]!).ShouldBe(added.Select(i => (string)i["id"]!));
        done.Select(i => (string?)i["call_id"]).ShouldBe(added.Select(i => (string?)i["call_id"]));
        ((string)done[0]["content"]![0]!["text"]!).ShouldBe("Patching the file.");
        ((string)done[1]["arguments"]!).ShouldBe("""{"cmd":"cat calc.py"}""");
        ((string)done[2]["name"]!).ShouldBe("apply_patch");
        ((string)done[2]["input"]!).ShouldBe(Patch);
        string.Concat(events.Where(e => e.Event == "response.custom_tool_call_input.delta").Select(e => (string)e.Data["delta"]!)).ShouldBe(Patch);
        events[^1].Event.ShouldBe("response.completed");
    }

    [Fact]
    public async Task Over_the_messages_api_a_custom_call_is_a_tool_use_with_its_text_as_input()
    {
        _server.Enqueue([.. ScenarioParser.Parse("""{"turns":[{"tool_use":{"name":"apply_patch","custom_input":"*** Begin Patch\n*** End Patch\n"}}]}""")]);

        using var response = await FakeServerClient.PostAsync(Http, _server.BaseUrl);
        var events = Sse.Parse(await response.Content.ReadAsStringAsync());

        JsonNode.Parse(Sse.Deltas(events, 0, "partial_json"))!["input"]!.GetValue<string>().ShouldBe("*** Begin Patch\n*** End Patch\n");
    }

    [Fact]
    public async Task Per_session_restarts_when_a_responses_request_opens_a_conversation()
    {
        var script = ScenarioParser.Parse("""{"turns":[{"text":"first"},{"text":"second"}]}""");
        _server.SetResponder(new ScriptPlayer(script, ScriptMode.PerSession).Next);

        var texts = new List<string>();
        foreach (var body in new[] { NewConversation, ToolResultFollowUp, NewConversation })
        {
            using var response = await FakeServerClient.PostAsync(Http, _server.BaseUrl, body, "/v1/responses");
            var events = Sse.Parse(await response.Content.ReadAsStringAsync());
            texts.Add(string.Concat(events.Where(e => e.Event == "response.output_text.delta").Select(e => (string)e.Data["delta"]!)));
        }

        texts.ShouldBe(["first", "second", "first"]);
    }
}
