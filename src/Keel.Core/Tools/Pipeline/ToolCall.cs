using Keel.Core.Agent;
using Keel.Core.Hooks;
using Keel.Core.Messages;
using Keel.Core.Permissions;

namespace Keel.Core.Tools.Pipeline;

/// <summary>
/// One tool call on its way through the pipeline: the model's block, the tool, the input decoded once, the
/// decision, and the result. Steps read and update it; a step of the <see cref="ToolCallPhase.Before"/> phase
/// ends that phase by setting <see cref="Result"/>.
/// </summary>
public sealed class ToolCall
{
    public ToolCall(ToolUseBlock block, ToolSession session, Action<AgentEvent>? emit = null)
    {
        Block = block;
        Session = session;
        Emit = emit ?? (static _ => { });
        Started = session.Time.GetTimestamp();
    }

    /// <summary>The call as the model sent it, or as a hook or the user rewrote it.</summary>
    public ToolUseBlock Block { get; set; }

    public ToolSession Session { get; }

    /// <summary>Where the call's events go (permission resolved, started, progress, hook notices).</summary>
    public Action<AgentEvent> Emit { get; }

    /// <summary>The tool, once found.</summary>
    public ITool? Tool { get; set; }

    /// <summary>The decoded input (null until decoded, or when the input does not fit the tool).</summary>
    public ToolInput? Input { get; set; }

    /// <summary>The call's facets (none until decoded).</summary>
    public ToolFacets Facets => Input?.Facets ?? ToolFacets.None;

    public PermissionDecision Decision { get; set; } = PermissionDecision.Deny("not evaluated");

    /// <summary>What the PreToolUse hooks said (their context is added to the result).</summary>
    public HookOutcome PreToolUse { get; set; } = HookOutcome.None;

    /// <summary>The result; set by a refusal, or by the execute step.</summary>
    public ToolResult? Result { get; set; }

    /// <summary>True once the tool's own code ran.</summary>
    public bool Executed { get; set; }

    /// <summary>How long the tool itself ran.</summary>
    public TimeSpan ExecutionTime { get; set; }

    /// <summary>When the call entered the pipeline.</summary>
    public long Started { get; }

    /// <summary>The user's cancellation (a cancelled call is "interrupted", unlike one cancelled by a failing sibling).</summary>
    public CancellationToken UserCancellation { get; init; }

    /// <summary>
    /// For a call started while the model was still streaming (<see cref="EarlyToolStarts"/>): completes with true once the
    /// response is complete and the call may go on past execution, with false when the response was abandoned and the
    /// call must stop there. Null for a call started from a complete response.
    /// </summary>
    public Task<bool>? ResponseComplete { get; set; }

    /// <summary>How long the call waited for <see cref="ResponseComplete"/>; not part of its duration.</summary>
    public TimeSpan HeldFor { get; set; }

    /// <summary>How long the call took, without the time it waited for the response to complete.</summary>
    public TimeSpan Duration => Session.Time.GetElapsedTime(Started) - HeldFor;

    /// <summary>The finished call, set by the record step.</summary>
    public ToolOutcome? Outcome { get; set; }

    /// <summary>Ends the call with an error result (and no permission to run).</summary>
    public void Refuse(string message) => Result = ToolResult.Error(message);
}
