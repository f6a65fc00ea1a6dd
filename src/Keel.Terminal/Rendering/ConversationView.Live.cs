using Keel.Terminal.Rendering.Status;
using Keel.Terminal.Rendering.Text;
using Keel.Terminal.Rendering.ToolCards;

namespace Keel.Terminal.Rendering;

public sealed partial class ConversationView
{
    private const int ThinkingLiveLines = 4;
    private const int ThinkingWindowChars = 1_000;

    private IReadOnlyList<string> _tailCache = [];
    private long _tailVersion = -1;
    private int _tailWidth = -1;

    public IReadOnlyList<string> LiveLines(int width, DateTimeOffset now)
    {
        lock (_gate)
        {
            width = Math.Max(10, width);
            var groups = new List<IReadOnlyList<string>>();
            if (_held.Count > 0)
            {
                groups.Add(HeldLines(width));
            }

            if (_thinking.Length > 0)
            {
                groups.Add(ThinkingLive(width));
            }

            if (_stream.HasTail)
            {
                if (_tailVersion != _stream.Version || _tailWidth != width)
                {
                    _tailCache = _stream.RenderTail(_markdown, width);
                    (_tailVersion, _tailWidth) = (_stream.Version, width);
                }

                groups.Add(_tailCache);
            }

            foreach (var tool in _running.Values)
            {
                groups.Add(ToolCardRenderer.RenderRunning(tool.Call.Name, tool.Facets, now - tool.Started, tool.Tail, width, _options));
            }

            if (_turnRunning)
            {
                var spinner = new List<string> { SpinnerRenderer.Render(Spinner(now), width, _options) };
                spinner.AddRange(TodoPanel(width));
                groups.Add(spinner);
            }
            else if (_todosShown && _todos.Any(static t => t.Status != Keel.Core.Todo.TodoStatus.Completed))
            {
                groups.Add(TodoPanel(width));
            }

            var lines = new List<string>();
            foreach (var group in groups)
            {
                if (group.Count == 0)
                {
                    continue;
                }

                if (lines.Count > 0 || _anyCommitted || _entries.Count > 0)
                {
                    lines.Add(string.Empty);
                }

                lines.AddRange(group);
            }

            return lines;
        }
    }

    /// <summary>The TodoWrite list as a checklist (shown under the spinner; Ctrl+T hides it).</summary>
    private List<string> TodoPanel(int width)
    {
        var lines = new List<string>();
        if (!_todosShown || _todos.Count == 0)
        {
            return lines;
        }

        foreach (var todo in _todos)
        {
            var line = todo.Status switch
            {
                Keel.Core.Todo.TodoStatus.Completed => _style.Dim($"  {_style.Glyph("☒", "[x]")} {OneLine(todo.Content)}"),
                Keel.Core.Todo.TodoStatus.InProgress => _style.Bold($"  {_style.Glyph("◼", "[>]")} {OneLine(todo.ActiveForm.Length > 0 ? todo.ActiveForm : todo.Content)}"),
                _ => $"  {_style.Glyph("☐", "[ ]")} {OneLine(todo.Content)}",
            };
            lines.Add(AnsiWrapper.Truncate(line, width));
        }

        lines.Add(_style.Dim("  ctrl+t to hide tasks"));
        return lines;
    }

    private SpinnerInfo Spinner(DateTimeOffset now)
    {
        // A running hook's statusMessage says what the wait is for (its own ellipsis dropped: the spinner adds one).
        var verb = HookStatus?.Invoke() is { Length: > 0 } status ? OneLine(status).TrimEnd('…', '.', ' ')
            : _thinking.Length > 0 ? "Thinking"
            : _running.Count > 0 ? "Running"
            : _stream.HasTail ? "Writing"
            : "Working";
        var tokens = _tokensBefore + RequestTokens();
        var info = new SpinnerInfo(verb, now - _turnStarted, tokens, ContextPercent: _contextPercent, ContextLevel: _contextLevel);
        if (_retry is { } retry && _retryUntil is { } until)
        {
            info = info with
            {
                RetryIn = until - now,
                RetryAttempt = retry.Attempt,
                RetryMax = retry.MaxRetries,
                RetryReason = OneLine(retry.Error.Message),
            };
        }

        return info;
    }

    private List<string> ThinkingLive(int width)
    {
        var take = Math.Min(_thinking.Length, ThinkingWindowChars);
        var text = DisplayWidth.Sanitize(_thinking.ToString(_thinking.Length - take, take).Replace("\r", string.Empty, StringComparison.Ordinal));
        var wrapped = new List<string>();
        foreach (var line in text.Trim('\n').Split('\n'))
        {
            AnsiWrapper.Wrap(_style.Apply(line, Sgr.Dim, Sgr.Italic), width, wrapped, "  ");
        }

        var lines = new List<string> { _style.Dim($"{_style.Glyph("✻", "*")} Thinking{_style.Glyph("…", "...")}") };
        lines.AddRange(wrapped.Skip(Math.Max(0, wrapped.Count - ThinkingLiveLines)));
        return lines;
    }
}
