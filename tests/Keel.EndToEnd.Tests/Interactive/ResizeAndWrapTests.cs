using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Interactive;

/// <summary>A narrower terminal re-lays out the live region cleanly; long code lines wrap between tokens.</summary>
public sealed class ResizeAndWrapTests
{
    private const string CodeLine = "var total = firstComputation.Evaluate(alphaParameter, betaParameter) + secondComputation.Evaluate(gammaParameter, deltaParameter);";

    [Fact]
    public async Task Code_wraps_between_tokens_and_narrowing_the_terminal_leaves_no_ragged_remains_of_the_wider_frame()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text($"Here it is:\n\n```csharp\n{CodeLine}\n```\n\nDone."));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, []);
        await tmux.WaitForReadyAsync();

        tmux.Type("show me the sum");
        tmux.Keys("Enter");
        var screen = await tmux.WaitForAsync("Done.");

        // 130 characters at 120 columns: a break at the edge would split deltaParameter; a token break keeps it whole.
        screen.ShouldContain("gammaParameter,\n", customMessage: screen);
        screen.ShouldContain("  deltaParameter);", customMessage: screen);
        await tmux.WaitForReadyAsync();
        tmux.Type("a draft that stays in the box");
        var wide = await tmux.WaitForAsync("> a draft that stays in the box");
        Rules(wide).ShouldBe([120, 120], wide);

        // Narrower: the terminal reflows the old 120-column rules onto two rows each; none of that may stay behind.
        tmux.Resize(70, 40);
        // Wait for Keel's redraw itself: right after the resize the terminal's reflow alone already shows no 120-column rule.
        var narrow = await tmux.WaitForAsync(static screen => Rules(screen) is [70, 70], "the input box redrawn at 70 columns");
        Rules(narrow).ShouldBe([70, 70], narrow);
        narrow.ShouldContain("> a draft that stays in the box");
        var visible = tmux.CaptureVisible();
        visible.Split('\n').Count(static l => l.Contains("a draft that stays", StringComparison.Ordinal)).ShouldBe(1, visible);

        tmux.Resize(100, 40);
        var wider = await tmux.WaitForAsync(static screen => Rules(screen) is [100, 100], "the input box redrawn at 100 columns");
        Rules(wider).ShouldBe([100, 100], wider);
        tmux.Keys("C-u");
        tmux.Type("still typing");
        await tmux.WaitForAsync("> still typing");
    }

    /// <summary>
    /// The widths of the rows drawn only of rule characters after the answer (the input box has two); the first
    /// screen's box above stays in the scrollback as it was.
    /// </summary>
    private static List<int> Rules(string screen) =>
        [.. screen[screen.LastIndexOf("Done.", StringComparison.Ordinal)..].Split('\n')
            .Select(static l => l.TrimEnd())
            .Where(static l => l.Length >= 10 && l.All(static c => c == '─'))
            .Select(static l => l.Length)];
}
