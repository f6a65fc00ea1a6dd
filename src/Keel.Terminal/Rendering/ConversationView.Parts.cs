using Keel.Core.Agent;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Terminal.Rendering.Text;
using Keel.Terminal.Rendering.ToolCards;

namespace Keel.Terminal.Rendering;

public sealed partial class ConversationView
{
    private void DrainBlocks()
    {
        var blocks = _stream.TakeFinishedBlocks();
        if (blocks.Count == 0)
        {
            return;
        }

        if (_holding)
        {
            // Held blocks are rendered in the live region one by one; each keeps its own text.
            var held = string.Join("\n", blocks);
            _held.Add(new HeldEntry(width => _markdown.Render(held, width)));
            return;
        }

        // Blocks finished before the next frame are parsed together: one parse per frame, not per block.
        if (_entries.Count > 0 && _pendingMarkdown is not null && ReferenceEquals(_entries[^1], _pendingMarkdownEntry))
        {
            _pendingMarkdown.AddRange(blocks);
            return;
        }

        var batch = new List<string>(blocks);
        _pendingMarkdown = batch;
        _pendingMarkdownEntry = width => _markdown.Render(string.Join("\n", batch), width);
        _entries.Add(_pendingMarkdownEntry);
    }

    /// <summary>Adds a finished part of the current response: held while the attempt may still be abandoned, else committed.</summary>
    private void AddResponseEntry(Func<int, IReadOnlyList<string>> entry)
    {
        if (_holding)
        {
            _held.Add(new HeldEntry(entry));
        }
        else
        {
            _entries.Add(entry);
        }
    }

    /// <summary>The attempt's message is complete (or the turn ended): what it showed is kept.</summary>
    private void ReleaseHeld()
    {
        foreach (var held in _held)
        {
            _entries.Add(held.Render);
        }

        _held.Clear();
        _holding = false;
    }

    /// <summary>
    /// The attempt failed and is retried: its held blocks are dropped, so the retry's answer does not follow a
    /// partial copy of itself. Anything of it already in the scrollback (a response longer than the live region
    /// holds) cannot be taken back; a line says so.
    /// </summary>
    private void AbandonAttempt()
    {
        _held.Clear();
        _stream.Discard();
        _thinking.Clear();
        if (_releasedThisAttempt)
        {
            Notice(_style.Dim($"{_style.Glyph("↻", "~")} The response above was cut off; it is retried below and is not part of the conversation."));
            _releasedThisAttempt = false;
        }
    }

    /// <summary>Held lines for the live region; once they outgrow it they are committed early (see <see cref="AbandonAttempt"/>).</summary>
    private List<string> HeldLines(int width)
    {
        var lines = new List<string>();
        foreach (var held in _held)
        {
            if (lines.Count > 0)
            {
                lines.Add(string.Empty);
            }

            lines.AddRange(held.Lines(width));
        }

        if (lines.Count > HeldLinesLimit)
        {
            _releasedThisAttempt = true;
            foreach (var held in _held)
            {
                _entries.Add(held.Render);
            }

            _held.Clear();
            return [];
        }

        return lines;
    }

    /// <summary>A held part of the response, its rendering kept per width so a frame does not re-render it.</summary>
    private sealed class HeldEntry(Func<int, IReadOnlyList<string>> render)
    {
        private IReadOnlyList<string>? _lines;
        private int _width = -1;

        public Func<int, IReadOnlyList<string>> Render => render;

        public IReadOnlyList<string> Lines(int width)
        {
            if (_lines is null || _width != width)
            {
                (_lines, _width) = (render(width), width);
            }

            return _lines;
        }
    }

    private void FinishText()
    {
        if (_stream.HasTail)
        {
            _stream.Finish();
        }

        DrainBlocks();
    }

    private void FinishThinking()
    {
        if (_thinking.Length == 0)
        {
            return;
        }

        var text = DisplayWidth.Sanitize(_thinking.ToString().Replace("\r\n", "\n", StringComparison.Ordinal)).Trim('\n');
        _thinking.Clear();
        var lineCount = text.Length == 0 ? 0 : text.AsSpan().Count('\n') + 1;
        var title = $"{_style.Glyph("✻", "*")} Thinking{_style.Glyph("…", "...")}";
        if (!_settings.Verbose)
        {
            AddResponseEntry(_ => [_style.Dim($"{title} ({lineCount} {(lineCount == 1 ? "line" : "lines")})")]);
            return;
        }

        AddResponseEntry(width =>
        {
            var lines = new List<string> { _style.Dim(title) };
            foreach (var line in text.Split('\n'))
            {
                AnsiWrapper.Wrap(_style.Apply(line, Sgr.Dim, Sgr.Italic), width, lines, "  ");
            }

            return lines;
        });
    }

    private void Notice(string line) => _entries.Add(width => AnsiWrapper.Wrap(line, width));

    private void ToolDone(ToolFinished finished)
    {
        var call = finished.Call;
        _running.Remove(call.Id);
        var status = _denied.Remove(call.Id) ? ToolCardStatus.Denied
            : finished.Result.IsError ? ToolCardStatus.Failed
            : ToolCardStatus.Succeeded;
        var reason = finished.Decision.Reason;
        _entries.Add(width => ToolCardRenderer.RenderFinished(call.Name, finished.Facets, finished.Result, status, finished.Duration, width, _options, reason, _settings.WorkingDirectory));
    }

    private void TurnDone(TurnFinished finished)
    {
        FinishThinking();
        FinishText();
        ReleaseHeld();
        _releasedThisAttempt = false;
        _running.Clear();
        _denied.Clear();
        _turnRunning = false;
        (_retry, _retryUntil) = (null, null);
        if (finished is { Kind: TurnKind.SideQuestion, Reason: TerminalReason.Completed })
        {
            // A side question's answer is not part of the conversation: shown once, set apart.
            Notice(_style.Dim($"{_style.Glyph("⎿", "|")} by the way: ") + DisplayWidth.Sanitize(finished.ResultText).Trim());
            return;
        }

        var cross = _style.Glyph("✗", "x");
        var message = finished.Reason switch
        {
            TerminalReason.Aborted => _style.Yellow($"{_style.Glyph("⎿", "|")} Interrupted"),
            TerminalReason.ModelError => _style.Red($"{cross} API error: {OneLine(finished.Error?.Message ?? "the request failed")}")
                + (finished.Error?.Category == ModelErrorCategory.ModelNotFound ? _style.Dim(" · /model picks another model") : string.Empty),
            TerminalReason.MaxTurns => _style.Yellow($"{_style.Glyph("⚠", "!")} Stopped: reached the maximum number of turns ({finished.NumTurns})"),
            TerminalReason.BudgetExceeded => _style.Yellow($"{_style.Glyph("⚠", "!")} Stopped: the budget for this session is spent" + (finished.Detail is { } detail ? $". {OneLine(detail)}" : string.Empty)),
            TerminalReason.PromptTooLong => _style.Red($"{cross} The conversation is too long for the model; run /compact or /clear"),
            TerminalReason.BlockingLimit => _style.Red($"{cross} The context window is full; run /compact or /clear"),
            TerminalReason.HookStopped => _style.Yellow($"{_style.Glyph("⚠", "!")} Stopped by a hook" + (finished.ResultText.Length > 0 ? $": {OneLine(finished.ResultText)}" : string.Empty)),
            _ => null,
        };
        if (message is not null)
        {
            Notice(message);
        }
    }

    private static string OneLine(string text) => DisplayWidth.Sanitize(text).Replace('\n', ' ').Trim();
}
