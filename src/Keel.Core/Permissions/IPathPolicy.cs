namespace Keel.Core.Permissions;

/// <summary>
/// The path half of the permission engine, shared by the file tools and the shell analyzer:
/// Read/Edit rules, protected paths, project scope, symlinks, special files.
/// </summary>
public interface IPathPolicy
{
    /// <summary>
    /// Decides one access to one path. <paramref name="path"/> may be relative (to
    /// <paramref name="cwd"/>) or start with <c>~</c>. The decision already reflects the mode;
    /// a shell caller treats anything but Allow as at least "ask" for its command.
    /// </summary>
    PermissionDecision Check(string path, PathAccess access, string cwd);

    /// <summary>True when the path (after ~, .. and symlink resolution) is inside a working directory.</summary>
    bool IsInsideWorkingDirectories(string path, string cwd);

    /// <summary>
    /// The deny rule that forbids reading one file a tree search came across, or null. Searches check
    /// their root once and call this per file, so it must be cheap when there are no Read deny rules.
    /// </summary>
    PermissionRule? ReadDenyRule(string absolutePath) => null;
}
