using System.Runtime.CompilerServices;
using Keel.Core.Cost;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Sessions;
using Keel.Core.Tools;

namespace Keel.Core.Compaction;

/// <summary>
/// The context ladder for one session, cheapest rung first: microcompact (clear old tool
/// results), then autocompact (summarise and replace the conversation), and the reactive path
/// for a "prompt is too long" answer. The agent loop calls <see cref="PrepareAsync"/> before
/// every request and <see cref="CompactAsync"/> for <c>/compact</c> and the reactive retry.
/// </summary>
public sealed partial class ContextCompactor
{
    private readonly SummaryRequester _summaries;
    private readonly CompactionSettings _settings;
    private readonly ToolSession? _tools;
    private readonly ISessionRecorder _recorder;
    private readonly CostTracker _cost;
    private AssistantMessage? _anchor;
    private AssistantMessage? _seen;
    private ContextLevel _level;
    private int _failures;

    public ContextCompactor(IModelClient client, CompactionSettings settings, ToolSession? tools, ISessionRecorder recorder, CostTracker cost, TimeProvider time)
    {
        _summaries = new SummaryRequester(client, time);
        _settings = settings;
        _tools = tools;
        _recorder = recorder;
        _cost = cost;
        Thresholds = ContextThresholds.For(settings.ContextWindow);
    }

    public ContextThresholds Thresholds { get; }

    /// <summary>State re-attached after every compaction (todo list, invoked skills); registered at composition.</summary>
    public IList<ICompactionAttachment> Attachments { get; } = [];

    /// <summary>True once autocompact failed too often in a row; manual compaction still works.</summary>
    public bool AutoCompactDisabled => _failures >= _settings.MaxConsecutiveFailures;

    /// <summary>
    /// The context size of <paramref name="request"/>: the input tokens the API reported for the
    /// newest response still in the conversation, plus an estimate of everything after it.
    /// </summary>
    public long CountTokens(ModelRequest request)
    {
        var messages = request.Messages;
        if (_anchor is { } anchor && anchor.Usage.TotalInputTokens > 0)
        {
            for (var i = messages.Count - 1; i >= 0; i--)
            {
                if (ReferenceEquals(messages[i], anchor.Message))
                {
                    return anchor.Usage.TotalInputTokens + TokenEstimator.Estimate(messages.Skip(i));
                }
            }
        }

        return TokenEstimator.Estimate(request);
    }

    /// <summary>Runs before each model request; <paramref name="last"/> is the newest response, if any.</summary>
    public async IAsyncEnumerable<AgentEvent> PrepareAsync(
        ModelRequest request,
        AssistantMessage? last,
        CompactionOutcome outcome,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (last is not null && !ReferenceEquals(last, _seen))
        {
            _anchor = _seen = last;
        }

        var tokens = CountTokens(request);
        var level = Thresholds.LevelOf(tokens);
        if (level != _level)
        {
            _level = level;
            yield return new ContextLevelChanged(level, tokens, Thresholds);
        }

        if (level == ContextLevel.Normal)
        {
            yield break;
        }

        var (cleared, count, freed) = Microcompactor.Clear(request.Messages, _settings.KeepRecentToolResults);
        if (count > 0 && tokens - freed <= Thresholds.Warning - Thresholds.Scaled(_settings.MicrocompactHeadroomTokens))
        {
            _anchor = null;
            request = request with { Messages = cleared };
            outcome.Messages = cleared;
            _tools?.Reads.ForgetDelivered();
            var after = CountTokens(request);
            yield return new Microcompacted(count, tokens, after);
            tokens = after;
        }

        if (tokens >= Thresholds.AutoCompact && !AutoCompactDisabled)
        {
            await foreach (var item in CompactAsync(request, CompactTrigger.Auto, focus: null, outcome, cancellationToken))
            {
                yield return item;
            }

            tokens = outcome.Messages is { } compacted ? CountTokens(request with { Messages = compacted }) : tokens;
        }

        outcome.Blocked = tokens >= Thresholds.Blocking;
    }

    /// <summary>Summarises the conversation of <paramref name="request"/> and replaces it.</summary>
    public async IAsyncEnumerable<AgentEvent> CompactAsync(
        ModelRequest request,
        CompactTrigger trigger,
        string? focus,
        CompactionOutcome outcome,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var messages = request.Messages;
        var preTokens = CountTokens(request);

        // The user's newest words are kept verbatim after the summary rather than paraphrased.
        Message? preserved = messages.Count > 1 && messages[^1].Role == Role.User && !messages[^1].Content.Any(static b => b is ToolResultBlock)
            ? messages[^1]
            : null;
        var toSummarise = preserved is null ? messages : messages.Take(messages.Count - 1).ToList();
        if (toSummarise.Count == 0)
        {
            outcome.Error = new ModelError(ModelErrorKind.Protocol, "there is nothing to compact yet");
            yield break;
        }

        var wireTrigger = trigger == CompactTrigger.Manual ? "manual" : "auto";
        var pre = new HookCheck();
        await foreach (var item in PreCompactHooksAsync(wireTrigger, focus, pre, cancellationToken))
        {
            yield return item;
        }

        if (pre.BlockReason is { } blocked)
        {
            yield return Fail(trigger, outcome, new ModelError(ModelErrorKind.Protocol, $"a PreCompact hook blocked compaction: {blocked}"));
            yield break;
        }

        var maxOutput = Math.Min(request.MaxTokens, Math.Max(1_024, Thresholds.Scaled(_settings.MaxSummaryTokens)));
        var result = await _summaries.RequestAsync(request, toSummarise, focus, Thresholds.Window, Thresholds.Blocking, maxOutput, Thresholds.Scaled(SummaryRequester.MinimumForkOutputTokens), cancellationToken);
        if (result.Usage.TotalInputTokens + result.Usage.OutputTokens > 0)
        {
            _cost.Add(result.Model.Length > 0 ? result.Model : request.Model, result.Usage);
        }

        if (result.Cancelled)
        {
            yield break;
        }

        if (result.Summary is null)
        {
            yield return Fail(trigger, outcome, result.Error ?? new ModelError(ModelErrorKind.Protocol, "no summary"));
            yield break;
        }

        _tools?.Reads.ForgetDelivered();
        var compacted = ContextReattacher.Build(result.Summary, _tools?.Reads.All ?? [], _settings, Thresholds, preserved, Attachments);
        var postTokens = TokenEstimator.EstimateFixed(request) + TokenEstimator.Estimate(compacted);
        if (postTokens >= preTokens && !outcome.AllowLonger)
        {
            // No progress: a loop of compactions that never shrink the context must stop here.
            yield return Fail(trigger, outcome, new ModelError(ModelErrorKind.Protocol, $"compaction did not reduce the context ({preTokens:N0} -> {postTokens:N0} tokens)"));
            yield break;
        }

        await foreach (var item in PostCompactHooksAsync(wireTrigger, result.Summary, pre, cancellationToken))
        {
            yield return item;
        }

        if (pre.Context is { } context)
        {
            compacted = compacted with { Content = [.. compacted.Content, new TextBlock(context)] };
        }

        _failures = 0;
        _anchor = null;
        outcome.Messages = [compacted];
        outcome.Summary = result.Summary;
        outcome.Error = null;
        _recorder.RecordCompactBoundary(new CompactBoundary(trigger == CompactTrigger.Manual ? "manual" : "auto", preTokens, result.Summary, compacted));
        _level = Thresholds.LevelOf(postTokens);
        yield return new ContextCompacted(trigger, preTokens, postTokens, result.Summary);
    }

    private CompactionFailed Fail(CompactTrigger trigger, CompactionOutcome outcome, ModelError error)
    {
        outcome.Error = error;
        if (trigger != CompactTrigger.Manual)
        {
            _failures++;
        }

        return new CompactionFailed(trigger, error.Message, _failures, AutoCompactDisabled);
    }
}
