using Keel.Core.Agent;
using Keel.Core.Hooks;
using Keel.Core.Messages;
using Keel.Core.Permissions;

namespace Keel.Core.Tools.Pipeline;

/// <summary>
/// The one way a tool call runs, for every caller (the agent loop, subagents, <c>keel mcp serve</c>, the REPL's
/// <c>!cmd</c>, command <c>!`…`</c> expansions): an ordered chain of small steps, defined in <see cref="Steps"/>.
/// Every call ends with exactly one result, on refusal, failure and cancellation too.
/// </summary>
public sealed class ToolPipeline
{
    private readonly DecodeInputStep _decode;

    public ToolPipeline(ToolPipelineParts parts)
    {
        Parts = parts;
        _decode = new DecodeInputStep(parts);

        // The order of a tool call, in one place.
        Steps =
        [
            _decode,
            new PreToolUseStep(parts),
            new PermissionStep(parts),
            new PermissionRequestStep(parts),
            new AskStep(parts),
            new UseTimeRecheckStep(),
            new CheckpointStep(),
            new ExecuteStep(),
            new CheckpointWrittenStep(),
            new OutputBudgetStep(),
            new PostToolUseStep(parts),
            new ResultAttachmentsStep(parts),
            new RecordStep(),
        ];
    }

    /// <summary>For tests that observe the order: the same parts with these steps.</summary>
    public ToolPipeline(ToolPipelineParts parts, IReadOnlyList<IToolCallStep> steps)
    {
        Parts = parts;
        _decode = new DecodeInputStep(parts);
        Steps = steps;
    }

    public ToolPipelineParts Parts { get; }

    public IReadOnlyList<IToolCallStep> Steps { get; }

    public ToolSession Session => Parts.Session;

    /// <summary>A pipeline with changed parts (a subagent's tools, session, policy and caller), the same steps in the same order.</summary>
    public ToolPipeline With(Func<ToolPipelineParts, ToolPipelineParts> change) => new(change(Parts));

    /// <summary>
    /// Starts a call: finds the tool and decodes the input (the only decode, unless a hook or the user changes
    /// the input). Callers use the facets (concurrency) before running it.
    /// </summary>
    public ToolCall Prepare(ToolUseBlock block, Action<AgentEvent>? emit = null, CancellationToken userCancellation = default)
    {
        var call = new ToolCall(block, Parts.Session, emit) { UserCancellation = userCancellation };
        var decoded = _decode.RunAsync(call, CancellationToken.None);
        if (!decoded.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("Decoding a tool input must not wait.");
        }

        return call;
    }

    /// <summary>Runs a prepared call through every step; returns its outcome.</summary>
    public async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            call.Result ??= Cancelled(call.UserCancellation);
        }

        var held = call.ResponseComplete;
        foreach (var step in Steps)
        {
            var runs = step.Phase switch
            {
                ToolCallPhase.Before => call.Result is null,
                ToolCallPhase.After => call.Executed,
                _ => true,
            };
            if (!runs)
            {
                continue;
            }

            if (held is not null && step.Phase != ToolCallPhase.Before)
            {
                // Started early: nothing after execution (PostToolUse hooks, spills, the record) runs for a response
                // that may still be abandoned.
                var waiting = call.Session.Time.GetTimestamp();
                var goOn = await held;
                call.HeldFor = call.Session.Time.GetElapsedTime(waiting);
                held = null;
                if (!goOn)
                {
                    call.Result ??= Cancelled(call.UserCancellation);
                    return new ToolOutcome(call.Block, call.Result, call.Decision, call.Duration);
                }
            }

            try
            {
                await step.RunAsync(call, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                call.Result ??= Cancelled(call.UserCancellation);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A step's bug must not leave the call without a result, nor end the session.
                call.Result ??= ToolResult.Error($"{call.Block.Name} failed before it ran: {ex.GetType().Name}: {ex.Message}");
            }
        }

        return call.Outcome ?? new ToolOutcome(call.Block, call.Result ?? ToolResult.Error("The call ended without a result."), call.Decision, call.Duration);
    }

    /// <summary>
    /// True when a prepared call may start before the model's response is complete: it decoded, it only reads local
    /// state and may run beside others (its facets say so), no PreToolUse hook would run for it (a hook is the user's
    /// program, and must not run for a response that may yet be abandoned; one whose matcher or <c>if</c> does not fit
    /// this call does not hold it back), and it is allowed without asking.
    /// </summary>
    public bool MayStartEarly(ToolCall call) =>
        call is { Result: null, Tool: { } tool, Input: { Facets: { IsConcurrencySafe: true, StartsEarly: true } } input }
        && Parts.Hooks?.HasPreToolUseFor(call.Block) != true
        && Parts.Policy.Decide(tool, input, call.Session).Behavior == PermissionBehavior.Allow;

    /// <summary>Prepares and runs one call.</summary>
    public Task<ToolOutcome> RunAsync(ToolUseBlock block, Action<AgentEvent>? emit, CancellationToken cancellationToken) =>
        RunAsync(Prepare(block, emit, cancellationToken), cancellationToken);

    /// <summary>The result of a call cancelled by the user, or by a failing sibling.</summary>
    public static ToolResult Cancelled(CancellationToken userCancellation) => ToolResult.Error(
        userCancellation.IsCancellationRequested
            ? ToolRunner.InterruptedMessage
            : "Cancelled because a sibling tool call failed.");
}
