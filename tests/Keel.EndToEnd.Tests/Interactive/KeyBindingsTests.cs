using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Interactive;

/// <summary>~/.keel/keybindings.json in a real terminal: rebinding, chords, reload on save, a broken save, /doctor.</summary>
public sealed class KeyBindingsTests
{
    [Fact]
    public async Task A_rebinding_works_and_a_saved_change_applies_without_a_restart()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("First answer."), Turn.Text("Second answer."), Turn.Text("Third answer."));
        Directory.CreateDirectory(s.Workspace.ConfigDir);
        var file = Path.Combine(s.Workspace.ConfigDir, "keybindings.json");
        Save(file, """{"bindings": [{"context": "Chat", "bindings": {"ctrl+g": "chat:submit"}}]}""");
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, []);
        await tmux.WaitForReadyAsync();

        tmux.Type("first prompt");
        await tmux.WaitForAsync("> first prompt");
        tmux.Keys("C-g");
        await tmux.WaitForAsync("First answer.");
        await tmux.WaitForReadyAsync();

        // Saved while keel runs: Ctrl+G now does nothing and the chord Ctrl+X Ctrl+E sends.
        Save(file, """{"bindings": [{"context": "input", "bindings": {"ctrl+g": null, "ctrl+x ctrl+e": "chat:submit"}}]}""");
        await tmux.WaitForAsync($"Key bindings reloaded from {file} (2 bindings).");
        tmux.Type("second prompt");
        tmux.Keys("C-g");
        tmux.Type(" more");
        await tmux.WaitForAsync("> second prompt more");
        tmux.Keys("C-x", "C-e");
        await tmux.WaitForAsync("Second answer.");
        s.Server.MessageRequests.Count.ShouldBe(2);
        s.Server.MessageRequests[1].Messages![^1]!.ToJsonString().ShouldContain("\"second prompt more\"");

        // A broken save is reported where it broke; the bindings in force stay and nothing crashes.
        Save(file, "{\"bindings\": [\n  {\"context\": \"Chat\" \"bindings\": {}}\n]}");
        var screen = await tmux.WaitForAsync("is not valid JSON; the previous bindings stay.");
        screen.ShouldContain($"{file}:2:");
        screen.ShouldNotContain("Exception");
        tmux.Type("third prompt");
        tmux.Keys("C-x", "C-e");
        await tmux.WaitForAsync("Third answer.");
        s.AssertInvariants();
    }

    [Fact]
    public async Task Problems_show_at_start_and_doctor_reports_conflicting_bindings()
    {
        await using var s = await Scenario.StartAsync();
        Directory.CreateDirectory(s.Workspace.ConfigDir);
        var file = Path.Combine(s.Workspace.ConfigDir, "keybindings.json");
        Save(file, """
            {"bindings": [
              {"context": "Chat", "bindings": {"ctrl+r": "chat:submit", "ctrl+q": "chat:fly"}},
              {"context": "Chat", "bindings": {"ctrl+r": "chat:newline"}}
            ]}
            """);
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, []);
        await tmux.WaitForReadyAsync();
        // The warning at start is shown whole (wrapped at the edge when long, never cut off).
        var start = await tmux.WaitForAsync(AsShown($"Warning: {file}:2:61: unknown action \"chat:fly\"; /doctor lists the actions"));
        start.ShouldNotContain("ctrl+r in Chat now runs chat:submit");

        tmux.Type("/doctor");
        tmux.Keys("Enter");
        var screen = await tmux.WaitForAsync(AsShown($"  Key bindings: 2 bindings from {file}; 3 problem(s) or conflict(s)"));
        screen.ShouldContain(AsShown($"    {file}:3: ctrl+r is bound 2 times in Chat (lines 2, 3); the last one (chat:newline) wins"));
        screen.ShouldContain(AsShown($"    {file}:3: ctrl+r in Chat now runs chat:newline instead of history:search"));
        screen.ShouldContain("    Confirmation actions: confirm:accept, confirm:no, confirm:previous, confirm:next");

        // The overridden binding on line 2 takes nothing from history:search: only the one that wins is reported.
        screen.ShouldNotContain("now runs chat:submit");
    }

    [Fact]
    public async Task The_transcript_view_takes_its_keys_from_the_Transcript_context()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("Bash", """{"command":"seq 1001 1120","description":"Count"}"""), Turn.Text("Counted."));
        Directory.CreateDirectory(s.Workspace.ConfigDir);
        Save(Path.Combine(s.Workspace.ConfigDir, "keybindings.json"), """
            {"bindings": [
              {"context": "Transcript", "bindings": {"shift+g": "transcript:bottom", "k": "transcript:scrollUp", "x": "transcript:exit", "escape": "transcript:top"}},
              {"context": "Chat", "bindings": {"ctrl+t": "app:toggleTranscript"}}
            ]}
            """);
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, ["--allowedTools", "Bash(seq:*)"]);
        await tmux.WaitForReadyAsync();
        tmux.Type("count");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Counted.");
        await tmux.WaitForReadyAsync();

        // Ctrl+T opens it here (bound to app:toggleTranscript); it opens at the end.
        tmux.Keys("C-t");
        var bottom = await tmux.WaitForAsync("Showing detailed transcript");
        bottom.ShouldContain("    1120");
        bottom.ShouldNotContain("❯ count");

        tmux.Type("kk");
        await tmux.WaitForAsync(screen => !screen.Contains("● Counted.", StringComparison.Ordinal) && screen.Contains("    1120", StringComparison.Ordinal), "k twice to scroll up two lines");
        tmux.Type("G");
        await tmux.WaitForAsync("● Counted.");

        // Escape no longer leaves the view: it goes to the top.
        tmux.Keys("Escape");
        await tmux.WaitForAsync(screen => screen.Contains("❯ count", StringComparison.Ordinal) && !screen.Contains("    1120", StringComparison.Ordinal) && screen.Contains("Showing detailed transcript", StringComparison.Ordinal), "Escape to go to the top");

        tmux.Type("x");
        await tmux.WaitForAsync(screen => !screen.Contains("Showing detailed transcript", StringComparison.Ordinal) && screen.Contains("Counted.", StringComparison.Ordinal), "x to leave the transcript");
        await tmux.WaitForReadyAsync();

        // Back in the input box, the Transcript keys are plain letters again.
        tmux.Type("gx");
        await tmux.WaitForAsync("> gx");
    }

    /// <summary>A line as the 120-column terminal shows it: Keel breaks a long notice at the edge onto the next row.</summary>
    private static string AsShown(string line) =>
        string.Join('\n', line.Chunk(120).Select(static c => new string(c).TrimEnd()));

    /// <summary>Writes the file the way editors save: a new file renamed over the old one.</summary>
    private static void Save(string path, string text)
    {
        var temp = path + ".tmp";
        File.WriteAllText(temp, text);
        File.Move(temp, path, overwrite: true);
    }
}
