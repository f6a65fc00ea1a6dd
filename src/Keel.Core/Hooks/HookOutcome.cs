using System.Text.Json;

namespace Keel.Core.Hooks;

/// <summary>
/// The combined effect of every handler that ran for one event. Several PreToolUse decisions
/// combine deny &gt; defer &gt; ask &gt; allow; block reasons and contexts are joined.
/// </summary>
public sealed record HookOutcome
{
    public static HookOutcome None { get; } = new();

    public bool Blocked { get; init; }

    public string? BlockReason { get; init; }

    public string? PermissionDecision { get; init; }

    public string? PermissionReason { get; init; }

    public JsonElement? UpdatedInput { get; init; }

    public string? RequestBehavior { get; init; }

    public string? RequestMessage { get; init; }

    /// <summary>PermissionRequest: every allowing handler's <c>updatedPermissions</c> array.</summary>
    public IReadOnlyList<JsonElement> UpdatedPermissions { get; init; } = [];

    public IReadOnlyList<string> AdditionalContext { get; init; } = [];

    /// <summary>Lines the user must see: system messages and hook failures.</summary>
    public IReadOnlyList<string> Notices { get; init; } = [];

    /// <summary><c>continue: false</c> from any handler.</summary>
    public bool Stop { get; init; }

    public string? StopReason { get; init; }

    public IReadOnlyList<HookInvocation> Invocations { get; init; } = [];

    public string? JoinedContext => AdditionalContext.Count == 0 ? null : string.Join("\n\n", AdditionalContext);

    internal static HookOutcome Combine(HookEvent hookEvent, IReadOnlyList<(HookRegistration Registration, HookResult Result)> results, IReadOnlyList<HookInvocation> invocations)
    {
        var blockReasons = new List<string>();
        var contexts = new List<string>();
        var notices = new List<string>();
        var stopReasons = new List<string>();
        string? permission = null;
        string? permissionReason = null;
        JsonElement? updated = null;
        string? behavior = null;
        string? requestMessage = null;
        var permissionUpdates = new List<JsonElement>();
        var stop = false;
        foreach (var (registration, result) in results)
        {
            if (result.Blocked)
            {
                blockReasons.Add(result.Reason ?? "blocked by hook");
            }

            if (result.AdditionalContext is { Length: > 0 } context)
            {
                contexts.Add(context);
            }

            if (result.SystemMessage is { Length: > 0 } message)
            {
                notices.Add($"{hookEvent} hook: {message}");
            }

            if (result.Error is { } error)
            {
                notices.Add($"{hookEvent} hook {registration.Handler.Display} {error}");
            }

            if (result.Stop)
            {
                stop = true;
                stopReasons.Add(result.StopReason ?? $"a {hookEvent} hook stopped the session");
            }

            if (result.PermissionDecision is { } p && Rank(p) > Rank(permission))
            {
                permission = p;
                permissionReason = result.Reason;
            }

            if (result.RequestBehavior is { } b && (behavior is null || b == "deny"))
            {
                behavior = b;
                requestMessage = result.Reason;
            }

            updated ??= result.UpdatedInput;
            if (result.RequestBehavior == "allow" && result.UpdatedPermissions is { } updates)
            {
                permissionUpdates.Add(updates);
            }
        }

        return new HookOutcome
        {
            Blocked = blockReasons.Count > 0,
            BlockReason = blockReasons.Count > 0 ? string.Join("\n", blockReasons) : null,
            PermissionDecision = permission,
            PermissionReason = permissionReason,
            UpdatedInput = updated,
            RequestBehavior = behavior,
            RequestMessage = requestMessage,
            UpdatedPermissions = permissionUpdates,
            AdditionalContext = contexts,
            Notices = notices,
            Stop = stop,
            StopReason = stop ? string.Join("\n", stopReasons) : null,
            Invocations = invocations,
        };
    }

    private static int Rank(string? decision) => decision switch
    {
        "deny" => 4,
        "defer" => 3,
        "ask" => 2,
        "allow" => 1,
        _ => 0,
    };
}
