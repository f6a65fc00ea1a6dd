using System.Text.Json;

namespace Keel.Core.Hooks;

/// <summary>What one handler's exit code and output mean for its event.</summary>
public sealed record HookResult
{
    public static HookResult None { get; } = new();

    /// <summary>Exit code 2 or <c>decision: "block"</c>: the action is blocked with <see cref="Reason"/>.</summary>
    public bool Blocked { get; init; }

    public string? Reason { get; init; }

    /// <summary>PreToolUse: allow, deny, ask or defer.</summary>
    public string? PermissionDecision { get; init; }

    /// <summary>PreToolUse / PermissionRequest: the replacement tool input.</summary>
    public JsonElement? UpdatedInput { get; init; }

    /// <summary>PermissionRequest (with allow): the <c>updatedPermissions</c> array, rules to add as the user's "always allow" would.</summary>
    public JsonElement? UpdatedPermissions { get; init; }

    /// <summary>PermissionRequest: allow or deny.</summary>
    public string? RequestBehavior { get; init; }

    public string? AdditionalContext { get; init; }

    public string? SystemMessage { get; init; }

    /// <summary><c>continue: false</c>: stop after this hook.</summary>
    public bool Stop { get; init; }

    public string? StopReason { get; init; }

    /// <summary>A non-blocking failure (crash, timeout, invalid JSON) the user must see.</summary>
    public string? Error { get; init; }

    /// <summary>The one-word summary for logs.</summary>
    public string Label => Error is not null && !Blocked && PermissionDecision is null && RequestBehavior is null ? "error"
        : Blocked ? "block"
        : Stop ? "stop"
        : PermissionDecision ?? RequestBehavior ?? (AdditionalContext is not null ? "context" : "none");
}
