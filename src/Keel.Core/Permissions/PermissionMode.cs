namespace Keel.Core.Permissions;

public enum PermissionMode
{
    Default,
    AcceptEdits,
    Plan,
    DontAsk,
    BypassPermissions,
}
