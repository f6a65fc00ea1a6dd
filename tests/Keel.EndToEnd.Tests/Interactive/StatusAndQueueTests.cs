using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Interactive;

/// <summary>The first screen, the status bar after an interrupt, and messages queued behind a running turn.</summary>
public sealed class StatusAndQueueTests
{
    [Fact]
    public async Task A_queued_message_is_shown_can_be_taken_back_with_up_and_the_status_bar_returns_after_an_interrupt()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("Bash", """{"command":"sleep 30"}"""), Turn.Text("Stopped waiting."));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, ["--allowedTools", "Bash(sleep:*)"]);
        await tmux.WaitForReadyAsync();

        tmux.Type("wait a while");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Bash(sleep 30) ·");
        tmux.Type("a second thought");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("⏵ queued: a second thought  (↑ to edit or remove)");

        tmux.Keys("Up");
        await tmux.WaitForAsync(screen => screen.Contains("> a second thought", StringComparison.Ordinal) && !screen.Contains("queued:", StringComparison.Ordinal), "the queued message back in the input");
        tmux.Keys("C-u");
        tmux.Type("a third thought");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("⏵ queued: a third thought");
        tmux.Keys("Up");
        tmux.Keys("C-u");
        await tmux.WaitForAsync(screen => !screen.Contains("queued:", StringComparison.Ordinal), "the queue emptied");

        tmux.Keys("Escape");
        await tmux.WaitForAsync("⎿ Interrupted");
        var screen = await tmux.WaitForAsync("default mode (shift+tab to cycle)");
        screen.ShouldNotContain("  Interrupted\n");
        s.Server.MessageRequests.Select(static r => r.Messages!.ToJsonString()).ShouldAllBe(static m => !m.Contains("thought"));
    }

    [Fact]
    public async Task The_first_screen_has_a_compact_header_and_warns_about_missing_credentials_before_any_prompt()
    {
        await using var s = await Scenario.StartAsync();
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, ["--model", "claude-sonnet-4-5"], env: new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = string.Empty });
        var screen = await tmux.WaitForReadyAsync();
        screen.ShouldContain("✻ Keel ");
        screen.ShouldContain(" · claude-sonnet-4-5 · ");
        screen.ShouldContain(" · default mode · /help for help");
        screen.ShouldContain("Warning: no credentials are configured, so prompts will fail: export ANTHROPIC_API_KEY=<key>");
        s.Server.MessageRequests.ShouldBeEmpty();
    }
}
