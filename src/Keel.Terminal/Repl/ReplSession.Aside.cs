using Keel.Core.Agent;
using Keel.Core.Events;
using Keel.Terminal.Rendering.Text;
using Keel.Terminal.Screen;

namespace Keel.Terminal.Repl;

/// <summary>
/// <c>/btw &lt;question&gt;</c> at the terminal: asked at once, even while a turn runs (which it neither waits for nor
/// interrupts), and answered in a panel of its own above the input rather than in the conversation. Esc dismisses
/// the panel (and drops a question still being answered) before it would interrupt the turn.
/// </summary>
public sealed partial class ReplSession
{
    /// <summary>The longest answer the panel shows; the rest is cut with a note.</summary>
    private const int AsideMaxLines = 15;

    private AsideQuestion? _aside;

    private void StartAside(string question)
    {
        DismissAside();
        var aside = new AsideQuestion(question, new CancellationTokenSource());
        _aside = aside;
        _ = Task.Run(async () =>
        {
            var finished = await _services.Engine.AskAlongsideAsync(question, aside.Stop.Token);
            Post(() =>
            {
                if (_aside == aside)
                {
                    aside.Finished = finished;
                }
            });
        });
    }

    /// <summary>Closes the panel; false when there was none.</summary>
    private bool DismissAside()
    {
        if (_aside is not { } aside)
        {
            return false;
        }

        _aside = null;
        aside.Stop.Cancel();
        aside.Stop.Dispose();
        return true;
    }

    private void DrawAside(List<string> live, int width)
    {
        if (_aside is not { } aside)
        {
            return;
        }

        var style = new Styler(_services.RenderOptions);
        var bar = style.Cyan(style.Glyph("│", "|")) + " ";
        live.Add(DisplayText.Truncate(style.Cyan(style.Glyph("╭─", "+-") + " by the way") + " " + style.Dim(aside.Question.ReplaceLineEndings(" ")), width));
        IReadOnlyList<string> body = aside.Finished switch
        {
            null => [style.Dim("answering from the conversation so far…")],
            { Reason: TerminalReason.Completed } done => AnsiWrapper.Wrap(DisplayWidth.Sanitize(done.ResultText).Trim(), Math.Max(10, width - 2)),
            { Reason: TerminalReason.BudgetExceeded } stopped => [style.Yellow(stopped.Detail ?? "Stopped by the spending limit.")],
            var failed => [style.Red("No answer: " + (failed.Error?.Message ?? failed.Reason.ToString()))],
        };
        foreach (var line in body.Take(AsideMaxLines))
        {
            live.Add(DisplayText.Truncate(bar + line, width));
        }

        if (body.Count > AsideMaxLines)
        {
            live.Add(DisplayText.Truncate(bar + style.Dim($"… {body.Count - AsideMaxLines} more lines"), width));
        }

        live.Add(DisplayText.Truncate(style.Cyan(style.Glyph("╰─", "+-")) + " " + style.Dim("esc to dismiss · not added to the conversation"), width));
    }

    private sealed class AsideQuestion(string question, CancellationTokenSource stop)
    {
        public string Question => question;

        public CancellationTokenSource Stop => stop;

        public TurnFinished? Finished { get; set; }
    }
}
