namespace Keel.Core.Permissions;

public enum PermissionBehavior
{
    Allow,
    Ask,
    Deny,
}
