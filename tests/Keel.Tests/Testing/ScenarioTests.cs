using System.Net;
using Keel.Testing.FakeServer;
using Keel.Testing.FakeServer.Scenario;

namespace Keel.Tests.Testing;

public sealed class ScenarioTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new();
    private FakeAnthropicServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeAnthropicServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Scenario_file_turns_are_served_in_order()
    {
        var script = ScenarioParser.Parse("""
            {
              // comments are allowed
              "turns": [
                {"status": 429, "headers": {"retry-after-ms": "5"}},
                {"thinking": "hmm", "signature": "s1", "text": "Reading.", "tool_use": {"name": "Read", "input": {"file_path": "x"}}},
                {"tool_use": [{"name": "Bash", "input_raw": "{\"command\": \"ls"}], "stop_reason": "max_tokens"},
                {"blocks": [{"text": "a"}, {"raw_block": {"type": "fancy_block"}}, {"text": "b"}], "cut_after_events": 3},
              ]
            }
            """);
        _server.Enqueue([.. script]);

        using var limited = await FakeServerClient.PostAsync(Http, _server.BaseUrl);
        using var tool = await FakeServerClient.PostAsync(Http, _server.BaseUrl);
        var toolEvents = Sse.Parse(await tool.Content.ReadAsStringAsync());
        using var raw = await FakeServerClient.PostAsync(Http, _server.BaseUrl);
        var rawEvents = Sse.Parse(await raw.Content.ReadAsStringAsync());

        ((int)limited.StatusCode).ShouldBe(429);
        limited.Headers.GetValues("retry-after-ms").ShouldBe(["5"]);
        toolEvents.Where(e => e.Event == "content_block_start").Select(e => (string)e.Data["content_block"]!["type"]!).ShouldBe(["thinking", "text", "tool_use"]);
        Sse.Deltas(toolEvents, 2, "partial_json").ShouldBe("""{"file_path":"x"}""");
        Sse.Deltas(rawEvents, 0, "partial_json").ShouldBe("""{"command": "ls""");
        ((string)rawEvents.Single(e => e.Event == "message_delta").Data["delta"]!["stop_reason"]!).ShouldBe("max_tokens");
        script[3].ShouldBeOfType<ScriptedTurn>();
    }

    [Fact]
    public void Invalid_scenario_names_the_turn()
    {
        Should.Throw<FormatException>(() => ScenarioParser.Parse("""{"turns":[{"text":"ok"},{"stop_reason":"end_turn"}]}"""))
            .Message.ShouldContain("turns[1]");
    }

    [Fact]
    public async Task Per_session_restarts_for_a_new_conversation_but_not_for_a_retry()
    {
        var script = ScenarioParser.Parse("""{"turns":[{"status":529},{"text":"first"},{"text":"second"}]}""");
        _server.SetResponder(new ScriptPlayer(script, ScriptMode.PerSession).Next);
        const string followUp = """{"model":"m","messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"first"},{"role":"user","content":"more"}]}""";

        var statuses = new List<string>();
        foreach (var body in new[] { FakeServerClient.SimpleBody, FakeServerClient.SimpleBody, followUp, FakeServerClient.SimpleBody })
        {
            using var response = await FakeServerClient.PostAsync(Http, _server.BaseUrl, body);
            var text = await response.Content.ReadAsStringAsync();
            statuses.Add(response.StatusCode == HttpStatusCode.OK ? Sse.Deltas(Sse.Parse(text), 0, "text") : ((int)response.StatusCode).ToString());
        }

        statuses.ShouldBe(["529", "first", "second", "529"]);
    }

    [Fact]
    public async Task Per_session_takes_several_user_messages_before_any_answer_for_a_new_conversation()
    {
        var script = ScenarioParser.Parse("""{"turns":[{"text":"first"},{"text":"second"}]}""");
        _server.SetResponder(new ScriptPlayer(script, ScriptMode.PerSession).Next);
        const string opening = """{"model":"m","messages":[{"role":"user","content":"<context>"},{"role":"user","content":"hi"}]}""";
        const string followUp = """{"model":"m","messages":[{"role":"user","content":"hi"},{"role":"assistant","content":"first"},{"role":"user","content":"more"}]}""";

        var texts = new List<string>();
        foreach (var body in new[] { opening, followUp, opening })
        {
            using var response = await FakeServerClient.PostAsync(Http, _server.BaseUrl, body);
            texts.Add(Sse.Deltas(Sse.Parse(await response.Content.ReadAsStringAsync()), 0, "text"));
        }

        texts.ShouldBe(["first", "second", "first"]);
    }

    [Fact]
    public async Task Repeat_cycles_forever()
    {
        var script = ScenarioParser.Parse("""{"turns":[{"text":"a"},{"text":"b"}]}""");
        _server.SetResponder(new ScriptPlayer(script, ScriptMode.Repeat).Next);

        var texts = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await FakeServerClient.PostAsync(Http, _server.BaseUrl);
            texts.Add(Sse.Deltas(Sse.Parse(await response.Content.ReadAsStringAsync()), 0, "text"));
        }

        texts.ShouldBe(["a", "b", "a", "b", "a"]);
    }
}
