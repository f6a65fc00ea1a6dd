namespace Keel.Core.Permissions;

/// <summary>What a tool or a shell command would do to a path.</summary>
public enum PathAccess
{
    Read,
    Write,
}
