using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Keel.Core.Agent;
using Keel.Core.Hooks;
using Keel.Core.Messages;
using Keel.Core.Permissions;

namespace Keel.Core.Tools;

/// <summary>
/// Runs the tool calls of one model response. Consecutive concurrency-safe calls run together
/// (up to <see cref="MaxParallel"/>), anything else alone; results come back in call order, and
/// every call gets exactly one result — on denial, failure and cancellation too.
/// </summary>
public sealed partial class ToolRunner(
    IReadOnlyList<ITool> tools,
    IPermissionPolicy policy,
    IPermissionPrompter prompter,
    ToolSession session,
    IPermissionMemory? memory = null)
{
    public const int MaxParallel = 10;

    public const string InterruptedMessage = "The user interrupted this tool call; it did not finish.";

    /// <summary>PreToolUse, PermissionRequest and PostToolUse(Failure) hooks; null runs none.</summary>
    public Hooks.HookRunner? Hooks { get; init; }

    /// <summary>Context attached to a result because of what the call touched (nested instructions, path rules); null adds none.</summary>
    public IToolResultAttachments? ResultAttachments { get; init; }

    /// <summary>The session state the calls share.</summary>
    public ToolSession Session => session;

    public async IAsyncEnumerable<AgentEvent> RunAsync(
        IReadOnlyList<ToolUseBlock> calls,
        ICollection<ToolOutcome> outcomes,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var index = 0;
        while (index < calls.Count)
        {
            var batch = NextBatch(calls, index);
            index += batch.Count;
            var todos = session.Todos.Version;
            await foreach (var item in RunBatchAsync(batch, outcomes, cancellationToken))
            {
                yield return item;
                if (item is ToolFinished && session.Todos.Version != todos)
                {
                    todos = session.Todos.Version;
                    yield return new Todo.TodosUpdated(session.Todos.Items);
                }
            }
        }
    }

    private List<ToolUseBlock> NextBatch(IReadOnlyList<ToolUseBlock> calls, int start)
    {
        var batch = new List<ToolUseBlock> { calls[start] };
        if (!IsSafe(calls[start]))
        {
            return batch;
        }

        for (var i = start + 1; i < calls.Count && batch.Count < MaxParallel && IsSafe(calls[i]); i++)
        {
            batch.Add(calls[i]);
        }

        return batch;
    }

    private bool IsSafe(ToolUseBlock call) => Find(call.Name) is { } tool && tool.IsConcurrencySafe(call.Input);

    private ITool? Find(string name)
    {
        foreach (var tool in tools)
        {
            if (tool.Name == name)
            {
                return tool;
            }
        }

        return null;
    }

    private async IAsyncEnumerable<AgentEvent> RunBatchAsync(
        List<ToolUseBlock> batch,
        ICollection<ToolOutcome> outcomes,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<AgentEvent>(new UnboundedChannelOptions { SingleReader = true });
        using var siblings = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = new Task<ToolOutcome>[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var call = batch[i];
            tasks[i] = batch.Count == 1
                ? RunOneAsync(call, channel.Writer, siblings, cancellationToken)
                : Task.Run(() => RunOneAsync(call, channel.Writer, siblings, cancellationToken), CancellationToken.None);
        }

        _ = Task.WhenAll(tasks).ContinueWith(_ => channel.Writer.TryComplete(), TaskScheduler.Default);

        await foreach (var item in channel.Reader.ReadAllAsync(CancellationToken.None))
        {
            yield return item;
        }

        foreach (var task in tasks)
        {
            var outcome = await task;
            outcomes.Add(outcome);
            yield return new ToolFinished(outcome.Call, outcome.Result, outcome.Decision, outcome.Duration);
        }
    }

    private async Task<ToolOutcome> RunOneAsync(
        ToolUseBlock call,
        ChannelWriter<AgentEvent> events,
        CancellationTokenSource siblings,
        CancellationToken userCancellation)
    {
        var started = session.Time.GetTimestamp();
        var (result, decision) = await DecideAndExecuteAsync(call, events, siblings.Token, userCancellation);
        if (result.IsError && !siblings.IsCancellationRequested && Find(call.Name) is { FailureCancelsSiblings: true })
        {
            await siblings.CancelAsync();
        }

        return new ToolOutcome(call, result, decision, session.Time.GetElapsedTime(started));
    }

    private async Task<(ToolResult Result, PermissionDecision Decision)> DecideAndExecuteAsync(
        ToolUseBlock call,
        ChannelWriter<AgentEvent> events,
        CancellationToken token,
        CancellationToken userCancellation)
    {
        var none = PermissionDecision.Deny("not evaluated");
        if (token.IsCancellationRequested)
        {
            return (Cancelled(userCancellation), none);
        }

        var tool = Find(call.Name);
        if (tool is null)
        {
            var known = string.Join(", ", tools.Select(static t => t.Name));
            return (ToolResult.Error($"<tool_use_error>No such tool: {call.Name}. Available tools: {known}.</tool_use_error>"), none);
        }

        if (call.Input.ValueKind != JsonValueKind.Object)
        {
            return (ToolResult.Error($"<tool_use_error>The input for {call.Name} was not a JSON object (it may have been cut off or malformed). Send the call again with valid JSON input.</tool_use_error>"), none);
        }

        var invalid = tool.ValidateInput(call.Input, session);
        if (invalid is not null)
        {
            return (ToolResult.Error(invalid), none);
        }

        var pre = await PreToolUseAsync(call, events, token);
        if (pre.Blocked is { } blocked)
        {
            events.TryWrite(new PermissionResolved(call, blocked));
            return (ToolResult.Error(blocked.Reason), blocked);
        }

        if (pre.Input is { } rewritten)
        {
            invalid = tool.ValidateInput(rewritten, session);
            if (invalid is not null)
            {
                return (ToolResult.Error($"A PreToolUse hook rewrote the input, and the result is not valid: {invalid}"), none);
            }

            call = call with { Input = rewritten };
        }

        var decision = ApplyHookDecision(policy.Decide(tool, call.Input, session), pre.Outcome);
        if (decision.Behavior == PermissionBehavior.Ask)
        {
            (decision, call) = await PermissionRequestAsync(call, decision, events, token);
        }

        if (decision.Behavior == PermissionBehavior.Ask)
        {
            (decision, var input) = await AskAsync(call, decision, token);
            if (tool.ValidateInput(input, session) is { } invalidUpdate)
            {
                return (ToolResult.Error(invalidUpdate), decision);
            }

            call = call with { Input = input };
        }

        events.TryWrite(new PermissionResolved(call, decision));
        if (decision.Behavior != PermissionBehavior.Allow)
        {
            return (ToolResult.Error($"Permission to use {call.Name} was denied: {decision.Reason}"), decision);
        }

        events.TryWrite(new ToolStarted(call));
        var context = new ToolContext(call.Id, session, progress => events.TryWrite(new ToolProgressed(progress))) { Decision = decision };
        try
        {
            var started = session.Time.GetTimestamp();
            var result = await tool.ExecuteAsync(call.Input, context, token);
            result = OutputBudget.Apply(result, tool.MaxResultChars, call.Id, session);
            result = await PostToolUseAsync(call, result, session.Time.GetElapsedTime(started), events, token);
            if (ResultAttachments?.For(call, result, session) is { Length: > 0 } attached)
            {
                result = result with { Content = [.. result.Content, new TextBlock(attached)] };
            }

            return (WithContext(result, HookEvent.PreToolUse, pre.Outcome.JoinedContext), decision);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return (Cancelled(userCancellation), decision);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A tool bug must not end the session; the model sees what happened.
            return (ToolResult.Error($"{call.Name} failed unexpectedly: {ex.GetType().Name}: {ex.Message}"), decision);
        }
    }

    private async Task<(PermissionDecision Decision, JsonElement Input)> AskAsync(ToolUseBlock call, PermissionDecision decision, CancellationToken token)
    {
        var answer = await prompter.AskAsync(call.Name, call.Input, decision, token);
        var input = answer.UpdatedInput is { ValueKind: JsonValueKind.Object } updated ? updated : call.Input;
        if (answer.Kind == PermissionAnswerKind.AllowAlways && memory?.RememberAllow(call.Name, call.Input, session.CurrentDirectory) is { } failed)
        {
            // The call itself was approved; only remembering it failed. The next call asks again.
            decision = decision with { Reason = $"{decision.Reason} (not remembered: {failed})" };
        }

        var resolved = answer.Kind switch
        {
            PermissionAnswerKind.AllowOnce or PermissionAnswerKind.AllowAlways => decision with { Behavior = PermissionBehavior.Allow, Reason = "approved when asked", Prompted = true },
            _ => decision with
            {
                Behavior = PermissionBehavior.Deny,
                Reason = answer.Feedback is { Length: > 0 } feedback ? $"{decision.Reason}. The user said: {feedback}" : decision.Reason,
            },
        };
        return (resolved, input);
    }

    private static ToolResult Cancelled(CancellationToken userCancellation) => ToolResult.Error(
        userCancellation.IsCancellationRequested
            ? InterruptedMessage
            : "Cancelled because a sibling tool call failed.");
}
