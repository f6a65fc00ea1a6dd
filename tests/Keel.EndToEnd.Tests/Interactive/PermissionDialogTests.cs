using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Interactive;

/// <summary>The permission dialog's answers, chosen in a real terminal.</summary>
public sealed class PermissionDialogTests
{
    [Fact]
    public async Task A_stray_key_does_not_approve_and_yes_for_this_session_is_kept_in_memory_only()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("Bash", """{"command":"touch stray.txt"}"""), Turn.Text("Touched once."),
            Turn.ToolUse("Bash", """{"command":"touch stray.txt"}"""), Turn.Text("Touched twice."));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, []);
        await tmux.WaitForReadyAsync();

        tmux.Type("touch it");
        tmux.Keys("Enter");
        var dialog = await tmux.WaitForAsync("allow this call?");
        dialog.ShouldContain("Yes, for the rest of this session");
        tmux.Type("y");
        tmux.Keys("Space");
        tmux.Type("3");
        await tmux.WaitForAsync("Touched once.");
        s.Workspace.Exists("stray.txt").ShouldBeTrue();
        s.Workspace.Exists(".keel/settings.local.json").ShouldBeFalse();
        await tmux.WaitForReadyAsync();

        // Had "y" approved once, this second call would ask again and the turn would never finish.
        tmux.Type("again");
        tmux.Keys("Enter");
        var screen = await tmux.WaitForAsync("Touched twice.");
        screen[screen.IndexOf("Touched once.", StringComparison.Ordinal)..].ShouldNotContain("allow this call?");
    }

    [Fact]
    public async Task Dont_ask_again_for_a_directory_saves_its_rule_and_accept_all_edits_switches_the_mode()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("Write", """{"file_path":"src/a.txt","content":"a\n"}"""), Turn.Text("Wrote a."),
            Turn.ToolUse("Write", """{"file_path":"src/b.txt","content":"b\n"}"""), Turn.Text("Wrote b."),
            Turn.ToolUse("Write", """{"file_path":"docs/c.txt","content":"c\n"}"""), Turn.Text("Wrote c."),
            Turn.ToolUse("Write", """{"file_path":"docs/d.txt","content":"d\n"}"""), Turn.Text("Wrote d."));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, []);
        await tmux.WaitForReadyAsync();

        tmux.Type("write a");
        tmux.Keys("Enter");
        var dialog = await tmux.WaitForAsync("allow this call?");
        dialog.ShouldContain("3. Yes, and don't ask again for this directory: Edit(/src/**)");
        dialog.ShouldContain("Yes, and accept all edits this session");
        tmux.Type("3");
        await tmux.WaitForAsync("Wrote a.");
        s.Workspace.Read(".keel/settings.local.json").ShouldContain("\"Edit(/src/**)\"");
        await tmux.WaitForReadyAsync();

        tmux.Type("write b");
        tmux.Keys("Enter");
        var afterB = await tmux.WaitForAsync("Wrote b.");
        afterB[afterB.IndexOf("Wrote a.", StringComparison.Ordinal)..].ShouldNotContain("allow this call?");
        await tmux.WaitForReadyAsync();

        tmux.Type("write c");
        tmux.Keys("Enter");
        await tmux.WaitForAsync(screen => screen[screen.IndexOf("Wrote b.", StringComparison.Ordinal)..].Contains("allow this call?", StringComparison.Ordinal), "the dialog for docs/c.txt");
        tmux.Type("5");
        await tmux.WaitForAsync("Wrote c.");
        await tmux.WaitForAsync("acceptEdits mode");

        tmux.Type("write d");
        tmux.Keys("Enter");
        var afterD = await tmux.WaitForAsync("Wrote d.");
        afterD[afterD.IndexOf("Wrote c.", StringComparison.Ordinal)..].ShouldNotContain("allow this call?");
        s.Workspace.Read("docs/d.txt").ShouldBe("d\n");
    }
}
