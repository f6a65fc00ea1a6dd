using System.Text;
using System.Text.Json;
using Keel.Core.Agent;
using Keel.Core.Messages;
using Keel.Terminal.Rendering;
using Keel.Terminal.Screen;

namespace Keel.Terminal.Repl;

/// <summary>
/// A minimal, uncoloured conversation view: assistant text committed paragraph by paragraph, one line per
/// tool call with its result summary, running tools and a working line in the live region. Stands in until
/// the Markdown/diff renderers are wired to the same <see cref="IConversationView"/> seam.
/// </summary>
public sealed class PlainConversationView : IConversationView
{
    private readonly List<string> _committed = [];
    private readonly StringBuilder _tail = new();
    private readonly Dictionary<string, (ToolUseBlock Call, DateTimeOffset Started)> _running = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private DateTimeOffset? _turnStarted;
    private string? _retry;

    public PlainConversationView(TimeProvider time) => _time = time;

    public void OnUserPrompt(string text)
    {
        var first = true;
        foreach (var line in text.Split('\n'))
        {
            _committed.Add((first ? "> " : "  ") + line);
            first = false;
        }

        _committed.Add(string.Empty);
        _turnStarted = _time.GetUtcNow();
    }

    public void OnEvent(AgentEvent agentEvent)
    {
        switch (agentEvent)
        {
            case AssistantTextDelta delta:
                _retry = null;
                _tail.Append(delta.Text);
                CommitParagraphs(final: false);
                break;
            case AssistantMessageCompleted:
                CommitParagraphs(final: true);
                break;
            case RetryScheduled retry:
                _retry = $"retrying in {retry.Delay.TotalSeconds:F0} s (attempt {retry.Attempt}/{retry.MaxRetries}): {retry.Error.Message}";
                break;
            case ToolStarted started:
                CommitParagraphs(final: true);
                _running[started.Call.Id] = (started.Call, _time.GetUtcNow());
                break;
            case ToolFinished finished:
                CommitParagraphs(final: true);
                _running.Remove(finished.Call.Id);
                _committed.Add($"● {Describe(finished.Call)}");
                _committed.Add($"  ⎿ {Summary(finished)}");
                _committed.Add(string.Empty);
                break;
            case TurnFinished end:
                CommitParagraphs(final: true);
                _running.Clear();
                _retry = null;
                _turnStarted = null;
                if (end.Error is { } error)
                {
                    _committed.Add($"Error: {error.Message}");
                    _committed.Add(string.Empty);
                }
                else if (end.Reason == TerminalReason.Aborted)
                {
                    _committed.Add("Interrupted. Tell me what to do instead.");
                    _committed.Add(string.Empty);
                }

                break;
        }
    }

    public IReadOnlyList<string> TakeCommitted(int width)
    {
        if (_committed.Count == 0)
        {
            return [];
        }

        var lines = _committed.SelectMany(line => DisplayText.Wrap(line, width)).ToList();
        _committed.Clear();
        return lines;
    }

    public IReadOnlyList<string> LiveLines(int width, DateTimeOffset now)
    {
        var lines = new List<string>();
        if (_tail.Length > 0)
        {
            lines.AddRange(DisplayText.Wrap(_tail.ToString(), width).TakeLast(6));
        }

        foreach (var (call, started) in _running.Values)
        {
            lines.Add($"● {Describe(call)} running… {(now - started).TotalSeconds:F0}s");
        }

        if (_turnStarted is { } since)
        {
            var elapsed = (int)(now - since).TotalSeconds;
            lines.Add(_retry is null ? $"* Working… ({elapsed}s · esc to interrupt)" : $"* {_retry}");
        }

        return lines;
    }

    /// <summary>The tool and its key argument: <c>Bash(npm test)</c>, <c>Edit(src/a.cs)</c>.</summary>
    public static string Describe(ToolUseBlock call)
    {
        string? Field(string name) =>
            call.Input.ValueKind == JsonValueKind.Object && call.Input.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        var argument = Field("command") ?? Field("file_path") ?? Field("pattern") ?? Field("url") ?? Field("path") ?? Field("description");
        if (argument is null)
        {
            return call.Name;
        }

        argument = argument.ReplaceLineEndings(" ");
        return $"{call.Name}({(argument.Length > 80 ? argument[..77] + "…" : argument)})";
    }

    private static string Summary(ToolFinished finished)
    {
        var text = string.Concat(finished.Result.Content.OfType<TextBlock>().Select(static b => b.Text)).Trim();
        var lines = text.Length == 0 ? 0 : text.Count(static c => c == '\n') + 1;
        var first = text.Split('\n', 2)[0].Trim();
        if (first.Length > 100)
        {
            first = first[..97] + "…";
        }

        var took = finished.Duration.TotalSeconds >= 1 ? $" ({finished.Duration.TotalSeconds:F1}s)" : string.Empty;
        if (finished.Result.IsError)
        {
            return $"Error: {first}{took}";
        }

        return lines switch
        {
            0 => $"(no output){took}",
            1 => first + took,
            _ => $"{first} … +{lines - 1} lines{took}",
        };
    }

    private void CommitParagraphs(bool final)
    {
        var text = _tail.ToString();
        var cut = final ? text.Length : text.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (cut <= 0)
        {
            if (final)
            {
                _tail.Clear();
            }

            return;
        }

        var done = text[..cut].TrimEnd('\n');
        _committed.AddRange(done.Split('\n'));
        _committed.Add(string.Empty);
        _tail.Remove(0, final ? text.Length : cut + 2);
    }
}
