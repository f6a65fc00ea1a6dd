using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;
using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests.StreamInput;

/// <summary><c>--input-format stream-json</c>: an SDK host drives keel over stdin/stdout.</summary>
public sealed class StreamInputTests
{
    private static readonly string[] StreamArgs = ["--input-format", "stream-json", "--output-format", "stream-json", "--verbose"];

    internal static string User(string text) =>
        new JsonObject { ["type"] = "user", ["message"] = new JsonObject { ["role"] = "user", ["content"] = text }, ["parent_tool_use_id"] = null, ["session_id"] = "default" }.ToJsonString();

    internal static string Control(string id, JsonObject request) =>
        new JsonObject { ["type"] = "control_request", ["request_id"] = id, ["request"] = request }.ToJsonString();

    internal static JsonNode ResponseTo(IReadOnlyList<JsonNode> lines, string id) =>
        StreamJsonLines.OfType(lines, "control_response").Single(l => l["response"]!["request_id"]!.GetValue<string>() == id)["response"]!;

    [Fact]
    public async Task Each_stdin_message_runs_as_a_turn_of_one_session_and_EOF_ends_the_run()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("First answer."), Turn.Text("Second answer."));
        var stdin = string.Join('\n', User("first question"), "this line is not json", User("second question")) + "\n";

        var result = await s.RunAsync(StreamArgs, stdin: stdin);

        result.ExitCode.ShouldBe(0, result.ToString());
        var lines = StreamJsonLines.Parse(result.Stdout);
        // As the reference client does, every turn starts with its own init line.
        StreamJsonLines.OfType(lines, "system", "init").Count.ShouldBe(2);
        StreamJsonLines.OfType(lines, "result").Select(r => r["result"]!.GetValue<string>()).ShouldBe(["First answer.", "Second answer."]);
        var second = s.Server.MessageRequests[1].Messages!;
        second.Count.ShouldBe(3);
        second[1]!["content"]!.ToJsonString().ShouldContain("First answer.");
        result.Stderr.ShouldContain("not JSON");
    }

    [Fact]
    public async Task Control_requests_initialize_set_the_mode_and_model_and_compact_with_a_focus()
    {
        await using var s = await Scenario.StartAsync();
        // A long first answer, so the summary is smaller than what it replaces.
        s.Script(Turn.Text("Answer one. " + string.Concat(Enumerable.Repeat("Details of the parser work. ", 400))), Turn.Text("Summary of the work."), Turn.Text("Answer two."));
        var stdin = string.Join(
            '\n',
            Control("req_1", new JsonObject { ["subtype"] = "initialize", ["hooks"] = null }),
            Control("req_2", new JsonObject { ["subtype"] = "set_permission_mode", ["mode"] = "acceptEdits" }),
            Control("req_3", new JsonObject { ["subtype"] = "set_permission_mode", ["mode"] = "sideways" }),
            User("one"),
            Control("req_4", new JsonObject { ["subtype"] = "compact", ["focus"] = "the parser work" }),
            Control("req_5", new JsonObject { ["subtype"] = "set_model", ["model"] = "haiku" }),
            User("two"),
            Control("req_6", new JsonObject { ["subtype"] = "rewind_files" })) + "\n";

        var result = await s.RunAsync(StreamArgs, stdin: stdin);

        result.ExitCode.ShouldBe(0, result.ToString());
        var lines = StreamJsonLines.Parse(result.Stdout);
        ResponseTo(lines, "req_1")["subtype"]!.GetValue<string>().ShouldBe("success");
        ResponseTo(lines, "req_1")["response"]!["commands"]!.AsArray().ShouldNotBeEmpty();
        ResponseTo(lines, "req_2")["response"]!["mode"]!.GetValue<string>().ShouldBe("acceptEdits");
        ResponseTo(lines, "req_3")["subtype"]!.GetValue<string>().ShouldBe("error");
        ResponseTo(lines, "req_4")["subtype"]!.GetValue<string>().ShouldBe("success", result.ToString());
        ResponseTo(lines, "req_5")["response"]!["model"]!.GetValue<string>().ShouldBe("claude-haiku-5-5");
        ResponseTo(lines, "req_6")["error"]!.GetValue<string>().ShouldContain("needs user_message_id");
        StreamJsonLines.OfType(lines, "system", "compact_boundary").ShouldHaveSingleItem();

        var requests = s.Server.MessageRequests;
        requests.Count.ShouldBe(3);
        requests[1].BodyText.ShouldContain("the parser work");
        requests[2].Model.ShouldBe("claude-haiku-5-5");
        requests[2].BodyText.ShouldContain("Summary of the work.");
    }

    [Fact]
    public async Task An_interrupt_stops_the_running_turn_and_the_session_takes_the_next_message()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Fault.Delay(TimeSpan.FromSeconds(30)), Turn.Text("After the interrupt."));
        await using var keel = s.Keel.Start(StreamArgs);

        await keel.StandardInput.WriteLineAsync(User("a slow question"));
        await keel.StandardInput.FlushAsync();
        await WaitUntilAsync(() => s.Server.MessageRequests.Count == 1);
        await keel.StandardInput.WriteLineAsync(Control("int_1", new JsonObject { ["subtype"] = "interrupt" }));
        await keel.StandardInput.FlushAsync();
        await keel.WaitForOutputAsync("\"type\":\"result\"", TimeSpan.FromSeconds(15));
        await keel.StandardInput.WriteLineAsync(User("next question"));
        keel.StandardInput.Close();
        var result = await keel.WaitForExitAsync(TimeSpan.FromSeconds(20));

        result.ExitCode.ShouldBe(0, result.ToString());
        var lines = StreamJsonLines.Parse(result.Stdout);
        ResponseTo(lines, "int_1")["subtype"]!.GetValue<string>().ShouldBe("success");
        var results = StreamJsonLines.OfType(lines, "result");
        results.Count.ShouldBe(2);
        results[0]["is_error"]!.GetValue<bool>().ShouldBeTrue();
        results[1]["result"]!.GetValue<string>().ShouldBe("After the interrupt.");
        s.Server.MessageRequests.Count.ShouldBe(2);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "condition not met within 15 s");
            await Task.Delay(20);
        }
    }
}
