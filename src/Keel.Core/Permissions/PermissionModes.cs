namespace Keel.Core.Permissions;

/// <summary>The names of permission modes as users write them in flags and settings.</summary>
public static class PermissionModes
{
    public const string AllNames = "default, acceptEdits, plan, dontAsk, bypassPermissions";

    public static PermissionMode? Parse(string? text) => text switch
    {
        "default" or "manual" => PermissionMode.Default,
        "acceptEdits" => PermissionMode.AcceptEdits,
        "plan" => PermissionMode.Plan,
        "dontAsk" => PermissionMode.DontAsk,
        "bypassPermissions" => PermissionMode.BypassPermissions,
        _ => null,
    };

    public static string Name(PermissionMode mode) => mode switch
    {
        PermissionMode.AcceptEdits => "acceptEdits",
        PermissionMode.BypassPermissions => "bypassPermissions",
        PermissionMode.DontAsk => "dontAsk",
        PermissionMode.Plan => "plan",
        _ => "default",
    };
}
