namespace Keel.Core.Permissions.Shell;

// TEMPORARY: replaced by the shell branch (src/Keel.Core/Permissions/Shell/). Delete when merging.

/// <summary>What the shell analyzer needs to decide a command.</summary>
public sealed record BashPermissionContext(
    string ProjectDirectory,
    string Cwd,
    string Home,
    IReadOnlyList<string> WorkingDirectories,
    PermissionMode Mode,
    IReadOnlyList<PermissionRule> Rules,
    IPathPolicy Paths);
