using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Interactive;

/// <summary>Ctrl+O: the detailed transcript, with what the cards collapse.</summary>
public sealed class TranscriptViewTests
{
    [Fact]
    public async Task A_collapsed_card_says_how_to_expand_and_ctrl_o_shows_the_full_input_and_output_then_returns()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("Bash", """{"command":"seq 101 112","description":"Count up"}"""), Turn.Text("Counted to 112."));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, ["--allowedTools", "Bash(seq:*)"]);
        await tmux.WaitForReadyAsync();

        tmux.Type("count");
        tmux.Keys("Enter");
        var screen = await tmux.WaitForAsync("Counted to 112.");
        screen.ShouldContain("… +9 lines (ctrl+o to expand)");
        screen.ShouldNotContain("\n    112");
        await tmux.WaitForReadyAsync();

        tmux.Keys("C-o");
        var transcript = await tmux.WaitForAsync("Showing detailed transcript");
        transcript.ShouldContain("\"command\": \"seq 101 112\"");
        transcript.ShouldContain("\"description\": \"Count up\"");
        transcript.ShouldContain("    111\n    112");
        transcript.ShouldNotContain("(ctrl+o to expand)");

        tmux.Keys("C-o");
        var back = await tmux.WaitForAsync(screen => !screen.Contains("Showing detailed transcript", StringComparison.Ordinal) && screen.Contains("… +9 lines (ctrl+o to expand)", StringComparison.Ordinal), "the conversation again");
        await tmux.WaitForReadyAsync();
        back.ShouldContain("Counted to 112.");
    }

    [Fact]
    public async Task Thinking_collapsed_in_the_conversation_shows_in_full_in_the_transcript()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Thinking("First I weigh option one.\nThen option two wins.\nSo the answer is two.", "sig-1").Text("Option two."));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, []);
        await tmux.WaitForReadyAsync();

        tmux.Type("which option?");
        tmux.Keys("Enter");
        var screen = await tmux.WaitForAsync("Option two.");
        screen.ShouldNotContain("Then option two wins.");
        await tmux.WaitForReadyAsync();

        tmux.Keys("C-o");
        var transcript = await tmux.WaitForAsync("Showing detailed transcript");
        transcript.ShouldContain("✻ Thinking\n  First I weigh option one.\n  Then option two wins.\n  So the answer is two.");
        transcript.ShouldContain("● Option two.");
        tmux.Keys("q");
        await tmux.WaitForAsync(screen => !screen.Contains("Showing detailed transcript", StringComparison.Ordinal), "the conversation again");
    }
}
