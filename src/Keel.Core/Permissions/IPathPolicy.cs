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

    /// <summary>
    /// A deny decision when a deny rule covers a path inside the directory tree (for commands that walk
    /// a whole tree: <c>grep -r</c>, <c>tar</c>, <c>cp -r</c>, <c>rm -r</c>...), or null.
    /// </summary>
    PermissionDecision? DenyWithin(string directory, PathAccess access, string cwd) => null;
}
