using Keel.Core.Agent;
using Keel.Core.Messages;
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
            _entries.Add(_ => [_style.Dim($"{title} ({lineCount} {(lineCount == 1 ? "line" : "lines")})")]);
            return;
        }

        _entries.Add(width =>
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
        _running.Clear();
        _denied.Clear();
        _turnRunning = false;
        (_retry, _retryUntil) = (null, null);
        var cross = _style.Glyph("✗", "x");
        var message = finished.Reason switch
        {
            TerminalReason.Aborted => _style.Yellow($"{_style.Glyph("⎿", "|")} Interrupted"),
            TerminalReason.ModelError => _style.Red($"{cross} API error: {OneLine(finished.Error?.Message ?? "the request failed")}"),
            TerminalReason.MaxTurns => _style.Yellow($"{_style.Glyph("⚠", "!")} Stopped: reached the maximum number of turns ({finished.NumTurns})"),
            TerminalReason.BudgetExceeded => _style.Yellow($"{_style.Glyph("⚠", "!")} Stopped: the budget for this session is spent"),
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
