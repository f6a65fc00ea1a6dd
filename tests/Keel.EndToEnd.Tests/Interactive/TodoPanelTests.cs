using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Interactive;

/// <summary>The TodoWrite list as a checklist under the spinner, toggled with Ctrl+T.</summary>
public sealed class TodoPanelTests
{
    [Fact]
    public async Task The_task_list_shows_under_the_spinner_and_ctrl_t_hides_and_shows_it()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("TodoWrite", """{"todos":[{"content":"Read the parser","status":"completed","activeForm":"Reading the parser"},{"content":"Fix the lexer","status":"in_progress","activeForm":"Fixing the lexer"},{"content":"Run the tests","status":"pending","activeForm":"Running the tests"}]}"""),
            Turn.ToolUse("Bash", """{"command":"sleep 30"}"""),
            Turn.Text("Stopped."));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, ["--allowedTools", "Bash(sleep:*)"]);
        await tmux.WaitForReadyAsync();

        tmux.Type("plan and fix");
        tmux.Keys("Enter");
        var panel = await tmux.WaitForAsync("◼ Fixing the lexer");
        panel.ShouldContain("☒ Read the parser");
        panel.ShouldContain("☐ Run the tests");
        await tmux.WaitForAsync("Bash(sleep 30) ·");

        tmux.Keys("C-t");
        await tmux.WaitForAsync(screen => !screen.Contains("◼ Fixing the lexer", StringComparison.Ordinal), "the task list hidden");
        tmux.Keys("C-t");
        await tmux.WaitForAsync("◼ Fixing the lexer");
        tmux.Keys("Escape");
        await tmux.WaitForAsync("⎿ Interrupted");
    }
}
