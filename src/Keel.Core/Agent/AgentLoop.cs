using System.Runtime.CompilerServices;
using Keel.Core.Agent.Budget;
using Keel.Core.Compaction;
using Keel.Core.Cost;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Sessions;
using Keel.Core.Tools;

namespace Keel.Core.Agent;

/// <summary>
/// The turn loop: call the model, run the tools it asks for, send the results back, until it
/// stops asking or a limit is reached. The conversation survives across turns.
/// </summary>
public sealed partial class AgentLoop
{
    private readonly AgentOptions _options;
    private readonly ModelCaller _caller;
    private readonly ToolRunner _runner;
    private readonly ISessionRecorder _recorder;
    private readonly IPermissionPolicy _policy;
    private IReadOnlyList<ToolDefinition> _baseTools;
    private IReadOnlyList<ToolDefinition> _toolDefinitions;
    private int _toolsVersion;
    private int _deferredVersion;
    private string _model;

    // Text of partial answers kept by max_tokens continuations, so the result shows the whole answer.
    private string _carriedText = string.Empty;

    public AgentLoop(
        AgentOptions options,
        ModelCaller caller,
        ToolRunner runner,
        IPermissionPolicy policy,
        ISessionRecorder recorder,
        CostTracker cost,
        string sessionId,
        IReadOnlyList<Message>? history = null)
    {
        _options = options;
        _model = options.Model;
        _caller = caller;
        _runner = runner;
        _recorder = recorder;
        _policy = policy;
        Cost = cost;
        SessionId = sessionId;
        Messages = history ?? [];

        _toolsVersion = (options.Tools as LiveToolList)?.Version ?? 0;
        _baseTools = Define(options.Tools, policy, options.Deferred);
        _toolDefinitions = _baseTools;
        RefreshLoadedTools();
    }

    /// <summary>
    /// Sorted once (and again only when a host changes a live tool list) so requests stay byte-identical; deferred
    /// tools are sent by name only (the system prompt lists them) and ToolSearch only while some tool is deferred.
    /// </summary>
    private static IReadOnlyList<ToolDefinition> Define(IReadOnlyList<ITool> tools, IPermissionPolicy policy, Tools.Deferral.DeferredTools? deferred) =>
        [.. tools
            .Where(policy.IsOffered)
            .Where(t => deferred?.Active == true ? !deferred.IsDeferred(t.Name) : t is not Tools.Deferral.IDeferredToolLoader)
            .Select(static t => t.Definition)
            .OrderBy(static d => d.Name.StartsWith("mcp__", StringComparison.Ordinal) ? 1 : 0)
            .ThenBy(static d => d.Name, StringComparer.Ordinal)];

    public string SessionId { get; }

    /// <summary>The model requests go to: the configured one, or the fallback once overload forced a switch.</summary>
    public string Model => _model;

    public CostTracker Cost { get; }

    /// <summary>The conversation so far (replaced, never mutated, as turns progress).</summary>
    public IReadOnlyList<Message> Messages { get; private set; }

    /// <summary>The user's prompts in this conversation, oldest first: the points a rewind goes back to.</summary>
    public IReadOnlyList<PromptPoint> Prompts { get; private set; } = [];

    /// <summary>The tool definitions the next request sends: the session's own, then tools ToolSearch loaded.</summary>
    public IReadOnlyList<ToolDefinition> OfferedTools => RefreshLoadedTools();

    /// <summary>The names of every tool the model can use: those sent in full and the deferred ones it can load.</summary>
    public IReadOnlyList<string> ToolNames =>
        [.. OfferedTools.Select(static t => t.Name), .. _options.Deferred?.Pending.Select(static t => t.Name) ?? []];

    /// <summary>
    /// The options a fork of this conversation runs with, so its requests carry the same model, system, tools, cache
    /// markers and thinking as this conversation's and read its cached prefix. It keeps the budget: a fork's requests are
    /// added to the session's total as they are made, and checked against it.
    /// </summary>
    public AgentOptions ForkOptions => _options with { Model = _model };

    /// <summary>The context ladder (microcompact, autocompact, reactive); null runs without it.</summary>
    public ContextCompactor? Compaction { get; init; }

    /// <summary>Where finished background work leaves notifications; they join the conversation before the next request.</summary>
    public Tasks.BackgroundTasks? Background { get; init; }

    /// <summary>The last loop state, for tests and diagnostics.</summary>
    public LoopState? State { get; private set; }

    private async IAsyncEnumerable<AgentEvent> RunTurnCoreAsync(Message userMessage, string? promptId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var attachments = StartAttachments(userMessage, cancellationToken);
        var submit = new HookStep();
        await foreach (var item in SubmitPromptAsync(userMessage, submit, cancellationToken))
        {
            yield return item;
        }

        if (submit.StopReason is { } refused)
        {
            yield return new TurnFinished(TerminalReason.HookStopped, refused, 0, null, null, Transition.UserInput);
            yield break;
        }

        var typed = (submit.Message ?? userMessage).Text;
        userMessage = await AttachWithinBudgetAsync(submit.Message ?? userMessage, attachments);
        var stopContinuations = 0;
        var before = Messages;
        var state = new LoopState(ConversationRepair.AppendUser(Messages, userMessage), 0, Transition.UserInput);
        Commit(state);
        if (promptId is not null)
        {
            Prompts = [.. Prompts, new PromptPoint(promptId, typed, before)];
            _runner.Session.Checkpoints?.BeginPrompt(promptId);
            _recorder.RecordPrompt(userMessage, promptId);
        }
        else
        {
            _recorder.RecordUser(userMessage);
        }

        var requestIndex = 0;
        AssistantMessage? last = null;
        var limits = TurnLimits.For(_turnThinking is { } thinking ? _options with { Thinking = thinking.Thinking } : _options, _model, userMessage);
        _carriedText = string.Empty;
        var reactiveCompacted = false;
        var tokenBudget = TokenBudget.Parse(userMessage.Text) is { } budgeted ? new TokenBudgetTracker(budgeted) : null;
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                yield return Finish(TerminalReason.Aborted, last, state, null);
                yield break;
            }

            if (_options.MaxTurns is { } maxTurns && state.TurnCount >= maxTurns)
            {
                yield return Finish(TerminalReason.MaxTurns, last, state, null);
                yield break;
            }

            if (BudgetSpent())
            {
                yield return Finish(TerminalReason.BudgetExceeded, last, state, null) with
                {
                    Detail = $"Stopped by the spending limit (--max-budget-usd {_options.MaxBudgetUsd:0.####}): the session has cost ${Cost.Root.TotalCostUsd:0.####} of its ${_options.MaxBudgetUsd:0.####} budget.",
                };
                yield break;
            }

            state = AttachNotifications(state);
            if (Compaction is not null)
            {
                var prepared = new CompactionOutcome();
                await foreach (var item in Compaction.PrepareAsync(BuildRequest(state.Messages, limits), last, prepared, cancellationToken))
                {
                    yield return item;
                }

                if (prepared.Messages is { } compacted)
                {
                    state = state with { Messages = compacted, Transition = Transition.Compacted };
                    Commit(state);
                }

                if (prepared.Blocked)
                {
                    yield return Finish(TerminalReason.BlockingLimit, last, state, null);
                    yield break;
                }
            }

            _options.CacheLifetime?.RequestStarting();
            var request = BuildRequest(state.Messages, limits);
            var cappedByBudget = false;
            // The request's worst case is held against the budget until its usage is added, so a parallel agent's
            // request cannot count on the same money.
            using var reservation = _options.MaxBudgetUsd is { } limit ? SpendingLimit.Reserve(Cost, request, limit) : null;
            if (reservation is { Check: var spending } && _options.MaxBudgetUsd is { } budget)
            {
                if (spending.Request is null)
                {
                    yield return Finish(TerminalReason.BudgetExceeded, last, state, null) with { Detail = BudgetDetail(spending, budget) };
                    yield break;
                }

                request = spending.Request;
                cappedByBudget = spending.Capped;
            }

            var call = new ModelCallResult();
            var aborted = new StrongBox<bool>();

            // Read-only calls start as their blocks complete; a response that does not complete takes them back (disposal).
            await using var early = new EarlyToolStarts(_runner.Pipeline, cancellationToken);
            await foreach (var item in CancellationGuard.StopOnCancel(_caller.StreamAsync(request, ++requestIndex, call, cancellationToken), aborted, cancellationToken))
            {
                await early.ObserveAsync(item);
                yield return item;
            }

            if (aborted.Value)
            {
                yield return Finish(TerminalReason.Aborted, last, state, null);
                yield break;
            }

            if (call.FallbackModel is { } fallback)
            {
                (state, limits) = SwitchToFallback(state, limits, fallback);
            }

            if (call.Message is null)
            {
                var error = call.Error ?? new ModelError(ModelErrorKind.Protocol, "the model returned no message");
                if (IsPromptTooLong(error) && Compaction is not null && !reactiveCompacted)
                {
                    // Withheld from the user: compact once and retry; only a second failure is shown.
                    reactiveCompacted = true;
                    var reactive = new CompactionOutcome();
                    await foreach (var item in Compaction.CompactAsync(request, CompactTrigger.Reactive, null, reactive, cancellationToken))
                    {
                        yield return item;
                    }

                    if (reactive.Messages is { } compacted)
                    {
                        state = state with { Messages = compacted, Transition = Transition.Compacted };
                        Commit(state);
                        continue;
                    }
                }

                if (call.Partial is { Message.Content.Count: > 0 } partial)
                {
                    // Reading was stopped at the output ceiling or deadline: the text that arrived is kept.
                    state = KeepPartial(state, partial);
                    last = partial;
                }

                reservation?.Dispose();

                var reason = IsPromptTooLong(error) ? TerminalReason.PromptTooLong : TerminalReason.ModelError;
                yield return Finish(reason, last, state, error);
                yield break;
            }

            last = call.Message;
            var turnCost = CostTracker.CostOf(last.Model.Length > 0 ? last.Model : _options.Model, last.Usage);
            Cost.Add(last.Model.Length > 0 ? last.Model : _options.Model, last.Usage);
            reservation?.Dispose(); // spent now, not held: the tools this response asks for (agents) may use the rest
            tokenBudget?.Add(last.Usage.OutputTokens);
            var toolUses = last.Message.ToolUses.ToList();
            if (last.StopReason == "max_tokens" && toolUses.Count == 0 && cappedByBudget)
            {
                // The answer was cut at the tokens the budget paid for: asking again with more room would pass it.
                _recorder.RecordAssistant(last, turnCost);
                state = state with { Messages = [.. state.Messages, last.Message], TurnCount = state.TurnCount + 1 };
                Commit(state);
                yield return Finish(TerminalReason.BudgetExceeded, last, state, null) with
                {
                    Detail = $"The answer was cut off at {request.MaxTokens} output tokens, all that the rest of the ${_options.MaxBudgetUsd:0.####} budget could pay for.",
                };
                yield break;
            }

            if (last.StopReason == "max_tokens" && toolUses.Count == 0)
            {
                var step = RecoverFromMaxTokens(state, limits, last, turnCost);
                state = step.State;
                limits = step.Limits;
                Commit(state);
                if (step.Done)
                {
                    yield return Finish(TerminalReason.Completed, last, state, null);
                    yield break;
                }

                continue;
            }

            _recorder.RecordAssistant(last, turnCost);
            state = state with { Messages = [.. state.Messages, last.Message], TurnCount = state.TurnCount + 1 };
            Commit(state);

            if (toolUses.Count == 0 && tokenBudget is not null && tokenBudget.ShouldContinue())
            {
                state = ContinueForTokenBudget(state, tokenBudget);
                yield return new TokenBudgetContinued(tokenBudget.Continuations, tokenBudget.Used, tokenBudget.Budget);
                continue;
            }

            if (toolUses.Count == 0)
            {
                var stop = new HookStep();
                await foreach (var item in StopHooksAsync(last, stopContinuations, stop, cancellationToken))
                {
                    yield return item;
                }

                if (stop.StopReason is { } stopped)
                {
                    yield return new TurnFinished(TerminalReason.HookStopped, stopped, state.TurnCount, null, last.StopReason, state.Transition);
                    yield break;
                }

                if (stop.Message is { } feedback)
                {
                    stopContinuations++;
                    _recorder.RecordUser(feedback);
                    state = new LoopState([.. state.Messages, feedback], state.TurnCount, Transition.StopHookContinuation);
                    Commit(state);
                    continue;
                }

                yield return Finish(TerminalReason.Completed, last, state, null);
                yield break;
            }

            var outcomes = new List<ToolOutcome>(toolUses.Count);
            await foreach (var item in _runner.RunAsync(toolUses, outcomes, early, cancellationToken))
            {
                if (item is PermissionResolved resolved)
                {
                    _recorder.RecordPermission(resolved.Call.Id, resolved.Call.Name, resolved.Decision);
                }

                yield return item;
            }

            var results = AttachLate(new Message(Role.User, [.. outcomes.Select(static o => (ContentBlock)new ToolResultBlock(o.Call.Id, o.Result.Content, o.Result.IsError))]), attachments);
            _recorder.RecordUser(results);
            state = new LoopState([.. state.Messages, results], state.TurnCount, Transition.ToolResults);
            Commit(state);
            yield return new ToolResultsAppended(results);
            if (Hooks?.TakeStopRequest() is { } hookStop)
            {
                yield return new TurnFinished(TerminalReason.HookStopped, hookStop, state.TurnCount, null, last.StopReason, state.Transition);
                yield break;
            }
        }
    }

    /// <summary><c>/compact [focus]</c>: summarises the conversation now and reports it as a finished turn.</summary>
    public async IAsyncEnumerable<AgentEvent> CompactAsync(string? focus, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var state = new LoopState(Messages, 0, Transition.Compacted);
        var outcome = new CompactionOutcome();
        if (Compaction is not null && Messages.Count > 0)
        {
            await foreach (var item in Compaction.CompactAsync(BuildRequest(Messages), CompactTrigger.Manual, focus, outcome, cancellationToken))
            {
                yield return item;
            }
        }

        if (outcome.Messages is { } compacted)
        {
            Commit(state with { Messages = compacted });
            yield return new TurnFinished(TerminalReason.Completed, "Conversation compacted.", 0, null, null, Transition.Compacted);
            yield break;
        }

        var error = outcome.Error ?? new ModelError(ModelErrorKind.Protocol, "there is nothing to compact yet");
        yield return new TurnFinished(TerminalReason.ModelError, string.Empty, 0, error with { Message = "Compaction failed: " + error.Message }, null, Transition.Compacted);
    }

    private ModelRequest BuildRequest(IReadOnlyList<Message> messages, TurnLimits? limits = null) =>
        new(_model, _options.System, messages, RefreshLoadedTools(), limits?.MaxTokens ?? _options.MaxTokens, ThinkingBudgets.ForModel(_model, limits is null ? _options.Thinking : limits.Thinking), SessionId)
        {
            // The tools breakpoint stays on the last tool sent from the start, so loading a tool never changes those bytes.
            CachedToolCount = _baseTools.Count,
            CacheTtl = _options.CacheLifetime?.Ttl,
        };

    /// <summary>
    /// The tools the next request sends: rebuilt when a host changed a live list; tools ToolSearch loaded are appended
    /// after the rest, keeping everything sent before in place.
    /// </summary>
    private IReadOnlyList<ToolDefinition> RefreshLoadedTools()
    {
        var changed = false;
        if (_options.Tools is LiveToolList live && live.Version != Volatile.Read(ref _toolsVersion))
        {
            var version = live.Version;
            _baseTools = Define(live, _policy, _options.Deferred);
            Volatile.Write(ref _toolsVersion, version);
            changed = true;
        }

        if (_options.Deferred is { } deferred && (changed || deferred.Version != _deferredVersion))
        {
            _deferredVersion = deferred.Version;
            _toolDefinitions = [.. _baseTools, .. deferred.LoadedDefinitions];
        }
        else if (changed)
        {
            _toolDefinitions = _baseTools;
        }

        return _toolDefinitions;
    }

    private LoopState AttachNotifications(LoopState state)
    {
        if (Background?.DrainNotifications() is not { Count: > 0 } notes)
        {
            return state;
        }

        var message = new Message(Role.User, [.. notes.Select(static n => (ContentBlock)new TextBlock(n))]);
        _recorder.RecordUser(message);
        state = state with { Messages = ConversationRepair.AppendUser(state.Messages, message) };
        Commit(state);
        return state;
    }

    private LoopState KeepPartial(LoopState state, AssistantMessage partial)
    {
        var model = partial.Model.Length > 0 ? partial.Model : _options.Model;
        var cost = CostTracker.CostOf(model, partial.Usage);
        Cost.Add(model, partial.Usage);
        _recorder.RecordAssistant(partial, cost);
        var kept = state with { Messages = [.. state.Messages, partial.Message], TurnCount = state.TurnCount + 1 };
        Commit(kept);
        return kept;
    }

    private void Commit(LoopState state)
    {
        State = state;
        Messages = state.Messages;
    }

    private static bool IsPromptTooLong(ModelError error) =>
        error.Category == ModelErrorCategory.ContextTooLong;

    private TurnFinished Finish(TerminalReason reason, AssistantMessage? last, LoopState state, ModelError? error)
    {
        if (reason == TerminalReason.Completed)
        {
            FollowUp?.TurnCompleted(BuildRequest(state.Messages));
        }

        return new(reason, _carriedText + (last?.Message.Text ?? string.Empty), state.TurnCount, error, last?.StopReason, state.Transition);
    }
}
