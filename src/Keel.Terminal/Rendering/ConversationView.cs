using System.Text;
using Keel.Core.Agent;
using Keel.Core.Compaction;
using Keel.Core.Messages;
using Keel.Core.Permissions;
using Keel.Terminal.Rendering.Markdown;
using Keel.Terminal.Rendering.Status;
using Keel.Terminal.Rendering.Text;
using Keel.Terminal.Rendering.ToolCards;

namespace Keel.Terminal.Rendering;

/// <summary>
/// The interactive conversation rendered from agent events: Markdown committed block by block, thinking,
/// tool cards with diffs, notices, and a live region with the streaming tail, running tools and the spinner.
/// Safe to feed events from the turn's thread while the screen asks for live lines from another.
/// </summary>
public sealed partial class ConversationView : IConversationView
{
    private readonly Lock _gate = new();
    private readonly RenderOptions _options;
    private readonly Styler _style;
    private readonly TimeProvider _time;
    private readonly ConversationViewSettings _settings;
    private readonly MarkdownRenderer _markdown;
    private readonly MarkdownStream _stream = new();
    private readonly List<Func<int, IReadOnlyList<string>>> _entries = [];
    private readonly StringBuilder _thinking = new();
    private readonly Dictionary<string, RunningTool> _running = new(StringComparer.Ordinal);
    private readonly HashSet<string> _denied = new(StringComparer.Ordinal);
    private const int HeldLinesLimit = 20;
    private readonly List<HeldEntry> _held = [];
    private bool _holding;
    private bool _releasedThisAttempt;
    private List<string>? _pendingMarkdown;
    private Func<int, IReadOnlyList<string>>? _pendingMarkdownEntry;
    private bool _anyCommitted;
    private bool _turnRunning;
    private DateTimeOffset _turnStarted;
    private long _tokensBefore;
    private long _requestChars;
    private long _requestUsageTokens;
    private DateTimeOffset? _retryUntil;
    private RetryScheduled? _retry;
    private ContextThresholds? _thresholds;
    private int? _contextPercent;
    private ContextLevel _contextLevel;
    private IReadOnlyList<Keel.Core.Todo.TodoItem> _todos = [];
    private bool _todosShown = true;

    public ConversationView(RenderOptions options, TimeProvider? time = null, ConversationViewSettings? settings = null)
    {
        _options = options;
        _style = new Styler(options);
        _time = time ?? TimeProvider.System;
        _settings = settings ?? new ConversationViewSettings();
        _markdown = new MarkdownRenderer(options);
    }

    /// <summary>What a hook the session waits for asks the spinner to say (its <c>statusMessage</c>), or null.</summary>
    public Func<string?>? HookStatus { get; init; }

    /// <summary>The Markdown splitter, exposed so callers and tests can see how much work streaming has cost.</summary>
    public MarkdownStream Stream => _stream;

    public void OnUserPrompt(string text)
    {
        lock (_gate)
        {
            _entries.Add(PromptEntry(text));
        }
    }

    private Func<int, IReadOnlyList<string>> PromptEntry(string text)
    {
        var prompt = DisplayWidth.Sanitize(text.Replace("\r\n", "\n", StringComparison.Ordinal));
        return width =>
        {
            var lines = new List<string>();
            var lead = _style.Bold(_style.Glyph("❯", ">")) + " ";
            foreach (var line in prompt.Split('\n'))
            {
                AnsiWrapper.Wrap(line, width, lines, lead, "  ");
                lead = "  ";
            }

            return lines;
        };
    }

    public void OnEvent(AgentEvent agentEvent)
    {
        lock (_gate)
        {
            Handle(agentEvent);
        }
    }

    /// <summary>Ctrl+T: shows or hides the task list under the spinner; returns whether it is now shown.</summary>
    public bool ToggleTodos()
    {
        lock (_gate)
        {
            _todosShown = !_todosShown;
            return _todosShown;
        }
    }

    public IReadOnlyList<string> TakeCommitted(int width)
    {
        lock (_gate)
        {
            width = Math.Max(10, width);
            var output = new List<string>();
            foreach (var entry in _entries)
            {
                var lines = entry(width);
                if (lines.Count == 0)
                {
                    continue;
                }

                if (_anyCommitted)
                {
                    output.Add(string.Empty);
                }

                output.AddRange(lines);
                _anyCommitted = true;
            }

            _entries.Clear();
            (_pendingMarkdown, _pendingMarkdownEntry) = (null, null);
            return output;
        }
    }

    private void Handle(AgentEvent agentEvent)
    {
        var now = _time.GetUtcNow();
        switch (agentEvent)
        {
            case RequestStarted started:
                StartRequest(started, now);
                break;
            case AssistantThinkingDelta thinking:
                _thinking.Append(thinking.Text);
                _requestChars += thinking.Text.Length;
                break;
            case AssistantTextDelta text:
                FinishThinking();
                _stream.Append(text.Text);
                _requestChars += text.Text.Length;
                DrainBlocks();
                break;
            case AssistantBlockCompleted completed:
                BlockCompleted(completed);
                break;
            case AssistantMessageCompleted:
                FinishThinking();
                FinishText();
                ReleaseHeld();
                _releasedThisAttempt = false;
                break;
            case RetryScheduled retry:
                _retry = retry;
                _retryUntil = now + retry.Delay;
                AbandonAttempt();
                break;
            case RetryHeartbeat heartbeat:
                _retryUntil = now + heartbeat.Remaining;
                break;
            case ModelFeatureTurnedOff turnedOff:
                Notice(_style.Yellow($"{_style.Glyph("⚠", "!")} {turnedOff.Message}"));
                break;
            case ModelFallbackActivated fallback:
                Notice(_style.Yellow($"{_style.Glyph("⚠", "!")} {fallback.From} {fallback.Why}; switched to {fallback.To}"));
                break;
            case ToolStarted toolStarted:
                // A tool runs only from a complete message; nothing before it can still be abandoned.
                ReleaseHeld();
                _running[toolStarted.Call.Id] = new RunningTool(toolStarted.Call, toolStarted.Facets, now);
                break;
            case ToolProgressed progressed when _running.TryGetValue(progressed.Progress.ToolUseId, out var tool):
                tool.AddOutput(progressed.Progress.Message);
                break;
            case PermissionResolved resolved when resolved.Decision.Behavior != PermissionBehavior.Allow:
                _denied.Add(resolved.Call.Id);
                break;
            case ToolFinished finished:
                ToolDone(finished);
                break;
            case ContextLevelChanged level:
                ContextChanged(level);
                break;
            case Microcompacted micro:
                Notice(_style.Dim($"{_style.Glyph("✻", "*")} Cleared {micro.ClearedResults} old tool results ({DurationText.Tokens(micro.TokensBefore)} {_style.Glyph("→", "->")} {DurationText.Tokens(micro.TokensAfter)} tokens)"));
                break;
            case ContextCompacted compacted:
                Notice(_style.Cyan($"{_style.Glyph("✻", "*")} Conversation compacted ({DurationText.Tokens(compacted.PreTokens)} {_style.Glyph("→", "->")} {DurationText.Tokens(compacted.PostTokens)} tokens)"));
                break;
            case CompactionFailed failed:
                Notice(_style.Red($"{_style.Glyph("✗", "x")} Compaction failed: {OneLine(failed.Reason)}" + (failed.AutoCompactDisabled ? " (autocompact is off for this session)" : string.Empty)));
                break;
            case TurnFinished finished:
                TurnDone(finished);
                break;
            case TodosUpdated todos:
                _todos = todos.Todos;
                break;
            case Keel.Core.Events.HookNotice hook:
                // A hook that failed, timed out or printed bad output says so; the turn goes on.
                Notice(_style.Yellow($"{_style.Glyph("⚠", "!")} {OneLine(hook.Message)}"));
                break;
        }
    }

    private void StartRequest(RequestStarted started, DateTimeOffset now)
    {
        if (!_turnRunning)
        {
            _turnRunning = true;
            _turnStarted = now;
            _tokensBefore = 0;
        }
        else
        {
            _tokensBefore += RequestTokens();
        }

        if (started.Attempt > 1)
        {
            AbandonAttempt();
        }

        // What this attempt shows stays in the live region until its message is complete.
        _holding = true;

        (_requestChars, _requestUsageTokens, _retry, _retryUntil) = (0, 0, null, null);
    }

    private void BlockCompleted(AssistantBlockCompleted completed)
    {
        switch (completed.Block)
        {
            case TextBlock:
                FinishText();
                break;
            case ThinkingBlock or RedactedThinkingBlock:
                FinishThinking();
                break;
            case ToolUseBlock:
                FinishThinking();
                FinishText();
                break;
        }

        _requestUsageTokens = Math.Max(_requestUsageTokens, completed.Usage.OutputTokens);
        var used = completed.Usage.TotalInputTokens + completed.Usage.OutputTokens;
        if (used > 0)
        {
            var window = _thresholds?.Window ?? _settings.ContextWindow;
            _contextPercent = (int)Math.Min(100, used * 100 / Math.Max(1, window));
            _contextLevel = _thresholds?.LevelOf(used) ?? _contextLevel;
        }
    }

    private void ContextChanged(ContextLevelChanged level)
    {
        var rising = level.Level > _contextLevel;
        _thresholds = level.Thresholds;
        _contextLevel = level.Level;
        _contextPercent = (int)Math.Min(100, level.Tokens * 100 / Math.Max(1, level.Thresholds.Window));
        if (rising && level.Level >= ContextLevel.Warning)
        {
            Notice(SpinnerRenderer.ContextText(_contextPercent.Value, level.Level, _style) + _style.Dim(" of the context window used" + (level.Level >= ContextLevel.AutoCompact ? "; compacting soon" : string.Empty)));
        }
    }

    private long RequestTokens() => Math.Max(_requestUsageTokens, _requestChars / 4);
}
