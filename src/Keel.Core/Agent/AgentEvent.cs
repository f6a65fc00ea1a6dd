using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Tools;

namespace Keel.Core.Agent;

/// <summary>What a turn reports as it runs; every surface renders the same stream.</summary>
public abstract record AgentEvent;

/// <summary>A model request is about to be sent.</summary>
public sealed record RequestStarted(int RequestIndex, int Attempt) : AgentEvent;

/// <summary>A raw stream event, for surfaces that pass partial messages through.</summary>
public sealed record StreamEventReceived(ModelStreamEvent Event) : AgentEvent;

public sealed record AssistantTextDelta(string Text) : AgentEvent;

public sealed record AssistantThinkingDelta(string Text) : AgentEvent;

/// <summary>One content block finished streaming (stream-json writes one assistant line per block).</summary>
public sealed record AssistantBlockCompleted(string MessageId, string Model, ContentBlock Block, Usage Usage, string? RequestId) : AgentEvent;

public sealed record AssistantMessageCompleted(AssistantMessage Message) : AgentEvent;

/// <summary>A failed request will be retried after <see cref="Delay"/>.</summary>
public sealed record RetryScheduled(int Attempt, int MaxRetries, TimeSpan Delay, ModelError Error) : AgentEvent;

/// <summary>Unattended mode is still waiting to retry; sent every heartbeat interval of a long wait.</summary>
public sealed record RetryHeartbeat(int Attempt, TimeSpan Waited, TimeSpan Remaining, ModelError Error) : AgentEvent;

/// <summary>The model kept being overloaded, so this request and the rest of the session use <see cref="To"/>.</summary>
public sealed record ModelFallbackActivated(string From, string To, ModelError Error) : AgentEvent
{
    /// <summary>Why the model was left: "is overloaded" or "is not available (...)", for the line the user reads.</summary>
    public string Why => Error.Category == ModelErrorCategory.ModelNotFound ? $"is not available ({Error.Message})" : "is overloaded";
}

public sealed record ToolStarted(ToolUseBlock Call) : AgentEvent
{
    /// <summary>What the tool says about the call: summary and display payload for cards.</summary>
    public ToolFacets Facets { get; init; } = ToolFacets.None;
}

public sealed record ToolProgressed(ToolProgress Progress) : AgentEvent;

public sealed record PermissionResolved(ToolUseBlock Call, PermissionDecision Decision) : AgentEvent
{
    public ToolFacets Facets { get; init; } = ToolFacets.None;
}

/// <summary>A tool call finished; emitted in call order.</summary>
public sealed record ToolFinished(ToolUseBlock Call, ToolResult Result, PermissionDecision Decision, TimeSpan Duration) : AgentEvent
{
    /// <summary>What the tool says about the call (none when its input did not decode).</summary>
    public ToolFacets Facets { get; init; } = ToolFacets.None;
}

/// <summary>The user message holding every tool result of one response was appended.</summary>
public sealed record ToolResultsAppended(Message Message) : AgentEvent;

/// <summary>The turn ended; always the last event.</summary>
public sealed record TurnFinished(
    TerminalReason Reason,
    string ResultText,
    int NumTurns,
    ModelError? Error,
    string? StopReason,
    Transition LastTransition) : AgentEvent;
