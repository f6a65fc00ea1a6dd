using Keel.Core.Permissions;
using Keel.Tools.Planning;

namespace Keel.Tools;

/// <summary>What the session's tools add to the start of a session.</summary>
public static class SessionTools
{
    /// <summary>Text appended to the system prompt for a session that starts in plan mode, else null.</summary>
    public static string? StartupNotice(PermissionContext permissions) =>
        permissions.Mode == PermissionMode.Plan ? PlanModeText.SessionStartsInPlanMode : null;
}
