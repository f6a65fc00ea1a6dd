using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests;

public sealed class SessionTests
{
    [Fact]
    public async Task Continue_sends_the_earlier_conversation()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("First answer."), Turn.Text("Second answer."));

        var first = await s.RunAsync("-p", "first question");
        var second = await s.RunAsync("-c", "-p", "second question");

        first.ExitCode.ShouldBe(0, first.ToString());
        second.ExitCode.ShouldBe(0, second.ToString());
        second.Stdout.Trim().ShouldBe("Second answer.");
        var messages = s.Server.MessageRequests[1].Messages!;
        messages.Count.ShouldBe(3);
        messages[0]!["content"]!.ToJsonString().ShouldContain("first question");
        messages[1]!["content"]!.ToJsonString().ShouldContain("First answer.");
        messages[2]!["content"]!.ToJsonString().ShouldContain("second question");
        s.AssertInvariants();
    }

    [Fact]
    public async Task Resume_by_id_restores_that_session_and_keeps_its_id()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("One."), Turn.Text("Other."), Turn.Text("Back to one."));

        var one = Scenario.ParseJson(await s.RunAsync("-p", "session one", "--output-format", "json"));
        await s.RunAsync("-p", "session two");
        var resumed = Scenario.ParseJson(await s.RunAsync("-r", (string)one["session_id"]!, "-p", "again", "--output-format", "json"));

        resumed["session_id"]!.GetValue<string>().ShouldBe(one["session_id"]!.GetValue<string>());
        resumed["result"]!.GetValue<string>().ShouldBe("Back to one.");
        var messages = s.Server.MessageRequests[2].Messages!;
        messages[0]!["content"]!.ToJsonString().ShouldContain("session one");
        messages.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Resuming_an_unknown_session_is_a_clear_error()
    {
        await using var s = await Scenario.StartAsync();

        var result = await s.RunAsync("-r", "00000000-0000-0000-0000-000000000000", "-p", "hi");

        result.ExitCode.ShouldBe(1);
        result.Stderr.ShouldContain("No session found");
        s.Server.MessageRequests.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_transcript_is_jsonl_under_the_project_folder()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("Hi."));

        var json = Scenario.ParseJson(await s.RunAsync("-p", "hello", "--output-format", "json"));

        var id = json["session_id"]!.GetValue<string>();
        var sanitized = new string([.. s.Workspace.Path.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
        var path = Path.Combine(s.Workspace.ConfigDir, "projects", sanitized, id + ".jsonl");
        File.Exists(path).ShouldBeTrue(path);
        var lines = File.ReadAllLines(path).Select(l => JsonNode.Parse(l)!).ToList();
        lines.Select(l => (string?)l["type"]).ShouldBe(["user", "assistant"]);
        lines[1]["message"]!["usage"]!["output_tokens"]!.GetValue<long>().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_session_killed_mid_tool_resumes_with_the_call_marked_interrupted()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("Bash", """{"command":"echo started > marker.txt; sleep 30; echo finished"}"""),
            Turn.Text("Picked up after the interruption."));

        await using (var run = s.Keel.Start(["-p", "run the long thing", "--allowedTools", "Bash"]))
        {
            run.StandardInput.Close();
            await WaitForFileAsync(s.Workspace.FullPath("marker.txt"));
            await run.SignalAsync("INT");
            var interrupted = await run.WaitForExitAsync(TimeSpan.FromSeconds(15));
            interrupted.ExitCode.ShouldBe(130, interrupted.ToString());
        }

        var resumed = await s.RunAsync("-c", "-p", "carry on");

        resumed.ExitCode.ShouldBe(0, resumed.ToString());
        var results = s.Server.MessageRequests[1].Messages![2]!["content"]!.AsArray();
        var toolResult = results.First(b => (string?)b!["type"] == "tool_result")!;
        toolResult["is_error"]!.GetValue<bool>().ShouldBeTrue();
        Scenario.ResultText(toolResult).ShouldContain("interrupted");
        s.AssertInvariants();
    }

    [Fact]
    public async Task A_torn_transcript_line_does_not_stop_continue()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("One."), Turn.Text("Two."));
        var json = Scenario.ParseJson(await s.RunAsync("-p", "first", "--output-format", "json"));
        var dir = Path.Combine(s.Workspace.ConfigDir, "projects");
        var transcript = Directory.GetFiles(dir, json["session_id"] + ".jsonl", SearchOption.AllDirectories).Single();
        await File.AppendAllTextAsync(transcript, """{"type":"user","message":{"role":"us""");

        var result = await s.RunAsync("-c", "-p", "second");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.Trim().ShouldBe("Two.");
        s.AssertInvariants();
    }

    private static async Task WaitForFileAsync(string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!File.Exists(path))
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"{path} never appeared");
            await Task.Delay(20);
        }
    }
}
