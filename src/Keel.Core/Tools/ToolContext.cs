using Keel.Core.Permissions;

namespace Keel.Core.Tools;

/// <summary>What one tool call gets besides its input.</summary>
public sealed record ToolContext(string ToolUseId, ToolSession Session, Action<ToolProgress>? ReportProgress = null)
{
    /// <summary>The decision that let this call run.</summary>
    public PermissionDecision? Decision { get; init; }

    public void Progress(string message) => ReportProgress?.Invoke(new ToolProgress(ToolUseId, message));

    /// <summary>
    /// Checks a path again right before the tool touches it, so a symlink swapped in after the
    /// decision cannot redirect the access. Returns a refusal for the model, or null to go on.
    /// A path that now needs asking is refused unless a person already approved this call.
    /// </summary>
    public string? RecheckPath(string fullPath, PathAccess access)
    {
        if (Session.Paths is not { } paths)
        {
            return null;
        }

        var now = paths.Check(fullPath, access, Session.CurrentDirectory);
        return now.Behavior switch
        {
            PermissionBehavior.Deny => $"Permission to {(access == PathAccess.Read ? "read" : "write")} {fullPath} was denied: {now.Reason}",
            PermissionBehavior.Ask when Decision is not { Prompted: true } =>
                $"{fullPath} changed since the call was allowed and would now need approval: {now.Reason}",
            _ => null,
        };
    }
}
