using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests;

public sealed class CodingTaskTests
{
    [Fact]
    public async Task Read_edit_bash_then_answer_changes_the_file_on_disk()
    {
        await using var s = await Scenario.StartAsync();
        var file = s.Workspace.Write("greeting.txt", "Hello world\n");
        s.Script(
            Turn.Text("Let me look.").ToolUse("Read", $$"""{"file_path":"{{file}}"}"""),
            Turn.ToolUse("Edit", """{"file_path":"greeting.txt","old_string":"world","new_string":"Keel"}"""),
            Turn.ToolUse("Bash", """{"command":"cat greeting.txt && echo checked","description":"Show the file"}"""),
            Turn.Text("Changed the greeting to Keel."));

        var result = await s.RunAsync("-p", "Change the greeting", "--permission-mode", "acceptEdits", "--allowedTools", "Bash");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.Trim().ShouldBe("Changed the greeting to Keel.");
        s.Workspace.Read("greeting.txt").ShouldBe("Hello Keel\n");
        var requests = s.Server.MessageRequests;
        requests.Count.ShouldBe(4);
        Scenario.ResultText(Scenario.LastToolResults(requests[1]).Single()).ShouldContain("Hello world");
        Scenario.ResultText(Scenario.LastToolResults(requests[3]).Single()).ShouldContain("Hello Keel\nchecked");
        s.AssertInvariants();
    }

    [Fact]
    public async Task The_prompt_can_come_on_stdin()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("Got it."));

        var result = await s.RunAsync(["-p"], stdin: "What does this repo do?");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.Trim().ShouldBe("Got it.");
        var first = s.Server.MessageRequests[0].Messages![0]!["content"]!.ToJsonString();
        first.ShouldContain("What does this repo do?");
    }

    [Fact]
    public async Task Parallel_reads_are_answered_in_call_order()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("a.txt", "alpha\n");
        s.Workspace.Write("b.txt", "beta\n");
        s.Script(
            Turn.ToolUse("Read", """{"file_path":"a.txt"}""").ToolUse("Read", """{"file_path":"b.txt"}""").ToolUse("Grep", """{"pattern":"beta"}"""),
            Turn.Text("Both read."));

        var result = await s.RunAsync("-p", "read both");

        result.ExitCode.ShouldBe(0, result.ToString());
        var results = Scenario.LastToolResults(s.Server.MessageRequests[1]);
        results.Count.ShouldBe(3);
        Scenario.ResultText(results[0]).ShouldContain("alpha");
        Scenario.ResultText(results[1]).ShouldContain("beta");
        Scenario.ResultText(results[2]).ShouldContain("b.txt");
        s.AssertInvariants();
    }

    [Fact]
    public async Task Thinking_blocks_go_back_to_the_model_intact()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("x.txt", "x\n");
        s.Script(
            Turn.Thinking("I should read x.txt first.", "c2lnbmF0dXJlLWFiYw==").ToolUse("Read", """{"file_path":"x.txt"}"""),
            Turn.Text("x"));

        var result = await s.RunAsync("-p", "what is in x", "--max-thinking-tokens", "2048");

        result.ExitCode.ShouldBe(0, result.ToString());
        var body = s.Server.MessageRequests[1].BodyText;
        body.ShouldContain("\"signature\":\"c2lnbmF0dXJlLWFiYw==\"");
        s.Server.MessageRequests[0].Json!["thinking"]!["budget_tokens"]!.GetValue<int>().ShouldBe(2048);
        s.AssertInvariants();
    }

    [Fact]
    public async Task Cache_breakpoints_and_the_prompt_prefix_are_stable_across_requests()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("a.txt", "a\n");
        s.Script(Turn.ToolUse("Read", """{"file_path":"a.txt"}"""), Turn.ToolUse("Glob", """{"pattern":"*.txt"}"""), Turn.Text("ok"));

        var result = await s.RunAsync("-p", "go");

        result.ExitCode.ShouldBe(0, result.ToString());
        var requests = s.Server.MessageRequests;
        foreach (var request in requests)
        {
            var breakpoints = request.BodyText.Split("\"cache_control\"").Length - 1;
            breakpoints.ShouldBeInRange(1, 4);
        }

        PrefixStats.SharedPercent(requests[1], requests[2]).ShouldBeGreaterThan(98);
        s.AssertInvariants();
    }
}
