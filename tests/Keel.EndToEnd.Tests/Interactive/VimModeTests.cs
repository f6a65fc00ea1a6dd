using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Interactive;

/// <summary>/vim and the editorMode setting: the input box edited with vim keys in a real terminal.</summary>
public sealed class VimModeTests
{
    private const string Normal = "-- NORMAL --";

    [Fact]
    public async Task Vim_motions_operators_repeat_and_undo_edit_the_prompt_that_is_sent()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("Edited prompt received."));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, []);
        await tmux.WaitForReadyAsync();

        tmux.Type("/vim");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Vim mode on");
        await tmux.WaitForAsync("-- INSERT --");
        File.ReadAllText(Path.Combine(s.Workspace.ConfigDir, "settings.json")).ShouldContain("\"editorMode\": \"vim\"");

        tmux.Type("hello brave new world");
        await tmux.WaitForAsync("> hello brave new world");

        // Each Escape is waited out: a key sent right behind it would arrive as Alt+key.
        tmux.Keys("Escape");
        await tmux.WaitForAsync(Normal);
        tmux.Type("0dw");
        await tmux.WaitForAsync(screen => InputLine(screen) == "> brave new world", "dw to delete the first word");

        tmux.Type("wciw");
        await tmux.WaitForAsync(screen => InputLine(screen) == "> brave  world" && screen.Contains("-- INSERT --", StringComparison.Ordinal), "ciw to empty the word");
        tmux.Type("bold");
        tmux.Keys("Escape");
        await tmux.WaitForAsync(screen => InputLine(screen) == "> brave bold world" && screen.Contains(Normal, StringComparison.Ordinal), "the changed word");

        // . repeats the change on the next word; u takes it back; $x and 3X edit from the end.
        tmux.Type("w.");
        await tmux.WaitForAsync(screen => InputLine(screen) == "> brave bold bold", ". to repeat the change");
        tmux.Type("u");
        await tmux.WaitForAsync(screen => InputLine(screen) == "> brave bold world", "u to undo the repeat");
        tmux.Type("$x");
        await tmux.WaitForAsync(screen => InputLine(screen) == "> brave bold worl", "x at the end");
        tmux.Type("u");
        await tmux.WaitForAsync(screen => InputLine(screen) == "> brave bold world", "undo of x");

        tmux.Keys("Enter");
        await tmux.WaitForAsync("Edited prompt received.");
        s.Server.MessageRequests.Count.ShouldBe(1);
        s.Server.MessageRequests[0].Messages![^1]!.ToJsonString().ShouldContain("\"brave bold world\"");

        // The next prompt starts in insert mode.
        await tmux.WaitForAsync(screen => StatusBar(screen)?.StartsWith("-- INSERT --", StringComparison.Ordinal) == true, "insert mode for the next prompt");
        s.AssertInvariants();
    }

    [Fact]
    public async Task The_editorMode_setting_starts_in_vim_mode_and_slash_vim_turns_it_off_for_good()
    {
        await using var s = await Scenario.StartAsync();
        Directory.CreateDirectory(s.Workspace.ConfigDir);
        var settings = Path.Combine(s.Workspace.ConfigDir, "settings.json");
        File.WriteAllText(settings, """{"editorMode": "vim"}""");
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, []);
        await tmux.WaitForReadyAsync();
        await tmux.WaitForAsync("-- INSERT --");

        tmux.Type("one two three");
        tmux.Keys("Escape");
        await tmux.WaitForAsync(Normal);
        tmux.Type("bdiw");
        await tmux.WaitForAsync(screen => InputLine(screen) == "> one two", "diw on the last word");
        tmux.Type("ddi/vim");
        await tmux.WaitForAsync(screen => InputLine(screen) == "> /vim", "dd then i to type the command");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Vim mode off");
        await tmux.WaitForAsync(screen => StatusBar(screen) is { } bar && !bar.Contains("-- ", StringComparison.Ordinal), "the mode label to go");
        File.ReadAllText(settings).ShouldContain("\"editorMode\": \"normal\"");

        // Escape is the ordinary editor's again: text typed after it is plain text, not commands.
        tmux.Type("xyz");
        await tmux.WaitForAsync(screen => InputLine(screen) == "> xyz", "plain typing");
    }

    [Fact]
    public async Task Find_motions_counts_text_objects_yank_put_and_line_jumps_edit_the_prompt()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("Got the edited prompt."));
        Directory.CreateDirectory(s.Workspace.ConfigDir);
        File.WriteAllText(Path.Combine(s.Workspace.ConfigDir, "settings.json"), """{"editorMode": "vim"}""");
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, []);
        await tmux.WaitForReadyAsync();

        tmux.Type("one (two, three) \"four five\" six");
        tmux.Keys("Escape");
        await tmux.WaitForAsync(Normal);
        tmux.Type("0f(di(");
        await tmux.WaitForAsync(screen => InputLine(screen) == "> one () \"four five\" six", "f( then di( to empty the parentheses");
        tmux.Type("f\"ci\"");
        await tmux.WaitForAsync(screen => InputLine(screen) == "> one () \"\" six" && screen.Contains("-- INSERT --", StringComparison.Ordinal), "ci\" to empty the quotes");
        tmux.Type("4");
        tmux.Keys("Escape");
        await tmux.WaitForAsync(screen => InputLine(screen) == "> one () \"4\" six" && screen.Contains(Normal, StringComparison.Ordinal), "the new quoted text");

        // A count before an operator: 2dw takes two words ("one" and "()").
        tmux.Type("02dw");
        await tmux.WaitForAsync(screen => InputLine(screen) == "> \"4\" six", "2dw");
        tmux.Type("$yiw0P");
        await tmux.WaitForAsync(screen => InputLine(screen) == "> six\"4\" six", "yiw then P at the start");
        tmux.Type("0dt\"");
        await tmux.WaitForAsync(screen => InputLine(screen) == "> \"4\" six", "dt\" deletes up to the quote");

        // Two lines: gg and G jump between them.
        tmux.Type("osecond line");
        tmux.Keys("Escape");
        await tmux.WaitForAsync(screen => InputLines(screen).SequenceEqual(["> \"4\" six", "  second line"]) && screen.Contains(Normal, StringComparison.Ordinal), "o to open a second line");
        tmux.Type("ggdd");
        await tmux.WaitForAsync(screen => InputLines(screen).SequenceEqual(["> second line"]), "gg then dd on the first line");
        tmux.Type("u");
        await tmux.WaitForAsync(screen => InputLines(screen).Count == 2, "u to bring it back");
        tmux.Type("Gdd");
        await tmux.WaitForAsync(screen => InputLines(screen).SequenceEqual(["> \"4\" six"]), "G then dd on the last line");
        tmux.Type("03x");
        await tmux.WaitForAsync(screen => InputLine(screen) == ">  six", "3x");

        tmux.Keys("Enter");
        await tmux.WaitForAsync("Got the edited prompt.");
        s.Server.MessageRequests[0].Messages![^1]!.ToJsonString().ShouldContain("six");
        s.Server.MessageRequests[0].Messages![^1]!.ToJsonString().ShouldNotContain("second");
    }

    /// <summary>The input box's lines (from the "> " line down to the rule under it).</summary>
    private static List<string> InputLines(string screen)
    {
        var lines = screen.Split('\n').Select(static l => l.TrimEnd()).ToList();
        var first = lines.FindLastIndex(static l => l.StartsWith("> ", StringComparison.Ordinal) || l == ">");
        return first < 0 ? [] : lines.Skip(first).TakeWhile(static l => !l.StartsWith('─')).ToList();
    }

    [Fact]
    public async Task A_visual_selection_is_shown_in_reverse_video_as_it_grows_and_goes_when_visual_mode_ends()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("Got it."));
        Directory.CreateDirectory(s.Workspace.ConfigDir);
        File.WriteAllText(Path.Combine(s.Workspace.ConfigDir, "settings.json"), """{"editorMode": "vim"}""");
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, []);
        await tmux.WaitForReadyAsync();

        tmux.Type("one two three");
        tmux.Keys("Escape");
        await tmux.WaitForAsync(Normal);
        tmux.Type("0ve");
        await tmux.WaitForAsync("-- VISUAL --");
        await WaitForSelectionAsync(tmux, "one");
        tmux.Type("e");
        await WaitForSelectionAsync(tmux, "one two");
        tmux.Keys("Escape");
        await WaitForSelectionAsync(tmux, null);

        // Line-wise: the whole line; d then deletes exactly what was shown.
        tmux.Type("V");
        await WaitForSelectionAsync(tmux, "one two three");

        // Escape is waited out (the selection gone): a key right behind it would arrive as Alt+key.
        tmux.Keys("Escape");
        await WaitForSelectionAsync(tmux, null);
        tmux.Type("0wvd");
        await tmux.WaitForAsync(screen => InputLine(screen) == "> one wo three", "d on the one-character selection");
        await WaitForSelectionAsync(tmux, null);
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Got it.");
        s.Server.MessageRequests[0].Messages![^1]!.ToJsonString().ShouldContain("\"one wo three\"");
    }

    /// <summary>Waits until the input box shows <paramref name="selected"/> (null: nothing) in reverse video.</summary>
    private static Task<string> WaitForSelectionAsync(TmuxTerminal tmux, string? selected) =>
        tmux.WaitForAsync(
            _ =>
            {
                var line = tmux.CaptureVisibleStyled().Split('\n').LastOrDefault(static l => l.StartsWith("> ", StringComparison.Ordinal));
                List<string> runs = line is null ? [] : System.Text.RegularExpressions.Regex.Matches(line, "\e\\[(?:[0-9;]*;)?7m([^\e]*)").Select(static m => m.Groups[1].Value).ToList();
                return selected is null ? line is not null && runs.Count == 0 : runs.SequenceEqual([selected]);
            },
            selected is null ? "no selection shown" : $"\"{selected}\" shown selected");

    /// <summary>The status bar under the input box (the last line naming the permission mode).</summary>
    private static string? StatusBar(string screen) =>
        screen.Split('\n').LastOrDefault(static l => l.Contains(" mode (shift+tab", StringComparison.Ordinal) || l.Contains(" mode · ", StringComparison.Ordinal));

    /// <summary>The input box's first line (the one starting with "> " after the top rule).</summary>
    private static string? InputLine(string screen) =>
        screen.Split('\n').Select(static l => l.TrimEnd()).LastOrDefault(static l => l.StartsWith("> ", StringComparison.Ordinal) || l == ">");
}
