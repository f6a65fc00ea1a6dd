using Keel.Core.Permissions;

namespace Keel.Tools.Planning;

/// <summary>
/// What ExitPlanMode does when nobody can review the plan (headless): the <c>planModeApproval</c>
/// setting. <c>"deny"</c> (the default) keeps planning; <c>"acceptEdits"</c>, <c>"default"</c> or
/// <c>"bypassPermissions"</c> approve the plan and continue in that mode.
/// </summary>
public sealed record PlanApprovalPolicy(PermissionMode? AutoApproveInto)
{
    public static PlanApprovalPolicy Deny { get; } = new((PermissionMode?)null);

    public const string SettingName = "planModeApproval";

    /// <summary>Parses the setting; unknown values fall back to deny with a warning.</summary>
    public static PlanApprovalPolicy Parse(string? value, ICollection<string>? warnings = null)
    {
        if (string.IsNullOrWhiteSpace(value) || value == "deny")
        {
            return Deny;
        }

        var mode = PermissionModes.Parse(value);
        if (mode is null or PermissionMode.Plan or PermissionMode.DontAsk)
        {
            warnings?.Add($"{SettingName}: \"{value}\" is not one of deny, default, acceptEdits, bypassPermissions; plans are not approved headless.");
            return Deny;
        }

        return new PlanApprovalPolicy(mode);
    }
}
