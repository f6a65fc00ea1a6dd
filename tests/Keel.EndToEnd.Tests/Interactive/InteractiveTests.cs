using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Interactive;

/// <summary>The interactive terminal, driven through tmux like a person at the keyboard.</summary>
public sealed class InteractiveTests
{
    [Fact]
    public async Task A_streamed_answer_renders_and_the_terminal_is_restored_after_ctrl_d()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("Hello from the fake model.\n\nA second paragraph, streamed in pieces.").ChunkSize(4));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, []);
        await tmux.WaitForReadyAsync();

        tmux.Type("say hello");
        tmux.Keys("Enter");
        var screen = await tmux.WaitForAsync("A second paragraph, streamed in pieces.");
        screen.ShouldContain("❯ say hello");
        screen.ShouldContain("Hello from the fake model.");
        await tmux.WaitForReadyAsync();

        tmux.Keys("C-d");
        await tmux.WaitForAsync("KEEL_EXITED 0");
        // stty -a prints after the exit line; wait for its local-flags line, not just the echo before it.
        var after = await tmux.WaitForAsync("icanon");
        var stty = after[after.IndexOf("KEEL_EXITED 0", StringComparison.Ordinal)..];
        stty.ShouldContain(" icanon");
        stty.ShouldNotContain("-icanon");
        stty.ShouldContain(" echo ");
        stty.ShouldNotContain("-echo ");
        s.Server.MessageRequests.Count.ShouldBe(1);
        s.AssertInvariants();
    }

    [Fact]
    public async Task A_prompt_argument_starts_the_session_and_a_tool_call_shows_as_a_card()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("Write", """{"file_path":"hello.txt","content":"hi there\n"}"""),
            Turn.Text("The file is written."));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, ["--permission-mode", "acceptEdits", "write hello.txt"]);

        var screen = await tmux.WaitForAsync("The file is written.");
        screen.ShouldContain("❯ write hello.txt");
        screen.ShouldContain("✓ Write(hello.txt)");

        // The finished card shows the change as a diff of the new file.
        screen.ShouldContain("+ hi there");
        s.Workspace.Read("hello.txt").ShouldBe("hi there\n");
    }

    [Fact]
    public async Task Esc_interrupts_a_long_tool_and_the_session_goes_on()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("Bash", """{"command":"sleep 30"}"""), Turn.Text("Back again, ready."));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, ["--allowedTools", "Bash(sleep:*)"]);
        await tmux.WaitForReadyAsync();

        tmux.Type("wait a while");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Bash(sleep 30) ·");
        tmux.Keys("Escape");
        await tmux.WaitForAsync("Interrupted", TimeSpan.FromSeconds(10));
        await tmux.WaitForReadyAsync();

        tmux.Type("are you still there?");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Back again, ready.", TimeSpan.FromSeconds(10));
        var second = s.Server.MessageRequests[1];
        var results = second.Messages!.SelectMany(m => m!["content"] is JsonArray blocks ? blocks : []).Where(b => (string?)b!["type"] == "tool_result").ToList();
        results.Count.ShouldBe(1);
        Scenario.ResultText(results[0]!).ShouldContain("interrupted");
        second.Messages![^1]!.ToJsonString().ShouldContain("are you still there?");
        s.AssertInvariants();
    }

    [Fact]
    public async Task A_permission_answered_dont_ask_again_is_saved_and_not_asked_again()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("Bash", """{"command":"touch marker.txt"}"""), Turn.Text("Made the marker."),
            Turn.ToolUse("Bash", """{"command":"touch marker.txt"}"""), Turn.Text("Made it again."));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, []);
        await tmux.WaitForReadyAsync();

        tmux.Type("make a marker");
        tmux.Keys("Enter");
        var dialog = await tmux.WaitForAsync("allow this call?");
        dialog.ShouldContain("$ touch marker.txt");
        dialog.ShouldContain("don't ask again for Bash(touch marker.txt)");
        tmux.Type("2");
        await tmux.WaitForAsync("Made the marker.");
        s.Workspace.Exists("marker.txt").ShouldBeTrue();
        s.Workspace.Read(".keel/settings.local.json").ShouldContain("\"Bash(touch marker.txt)\"");
        await tmux.WaitForReadyAsync();

        // Had it asked again, the turn would wait on the dialog and never finish.
        tmux.Type("again please");
        tmux.Keys("Enter");
        var screen = await tmux.WaitForAsync("Made it again.");
        screen.ShouldNotContain("allow this call?");
    }

    [Fact]
    public async Task Up_recalls_the_previous_prompt_from_history()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("First answer."), Turn.Text("Second answer."));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, []);
        await tmux.WaitForReadyAsync();

        tmux.Type("the very first prompt");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("First answer.");
        await tmux.WaitForReadyAsync();
        tmux.Keys("Up");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Second answer.");

        var resent = s.Server.MessageRequests[1].Messages![^1]!.ToJsonString();
        resent.ShouldContain("the very first prompt");
        File.ReadAllText(Path.Combine(s.Workspace.ConfigDir, "history.jsonl")).ShouldContain("the very first prompt");
    }

    [Fact]
    public async Task Ctrl_c_clears_the_input_and_twice_exits()
    {
        await using var s = await Scenario.StartAsync();
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, []);
        await tmux.WaitForReadyAsync();

        tmux.Type("half typed thought");
        await tmux.WaitForAsync("> half typed thought");
        tmux.Keys("C-c");
        await tmux.WaitForAsync("Press Ctrl+C again to exit");
        tmux.Capture().ShouldNotContain("half typed thought");
        tmux.Keys("C-c");
        var after = await tmux.WaitForAsync("KEEL_EXITED 0");
        after.ShouldNotContain("-icanon");
        s.Server.MessageRequests.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_first_run_in_a_directory_asks_for_trust_once()
    {
        await using var s = await Scenario.StartAsync();
        using (var first = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, [], trusted: false))
        {
            await first.WaitForAsync("Do you trust the files in this folder?");
            first.Type("1");
            await first.WaitForReadyAsync();
            first.Keys("C-d");
            await first.WaitForAsync("KEEL_EXITED 0");
        }

        using var second = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, [], trusted: false);
        var screen = await second.WaitForReadyAsync();
        screen.ShouldNotContain("Do you trust");
    }
}
