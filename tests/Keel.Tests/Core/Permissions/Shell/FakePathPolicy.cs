using Keel.Core.Permissions;

namespace Keel.Tests.Core.Permissions.Shell;

/// <summary>
/// A small stand-in for the engine's path policy: directory-boundary scope, a few protected paths,
/// deny rules as absolute directory prefixes, and the file-tool mode table.
/// </summary>
internal sealed class FakePathPolicy(string project, string home, PermissionMode mode, IReadOnlyList<(string Prefix, PathAccess Access, string Rule)> denies) : IPathPolicy
{
    public List<(string Path, PathAccess Access)> Calls { get; } = [];

    public PermissionDecision Check(string path, PathAccess access, string cwd)
    {
        var full = Full(path, cwd);
        Calls.Add((full, access));
        foreach (var (prefix, ruleAccess, rule) in denies)
        {
            if ((ruleAccess == access || ruleAccess == PathAccess.Read) && Under(full, prefix))
            {
                return PermissionDecision.Deny($"the rule {rule} denies it", rule, "projectSettings");
            }
        }

        var inside = Under(full, project);
        if (access == PathAccess.Read)
        {
            return inside || mode == PermissionMode.BypassPermissions ? PermissionDecision.Allow("read") : PermissionDecision.Ask($"{full} is outside the project");
        }

        var isProtected = full.Contains("/.git/", StringComparison.Ordinal) || full.EndsWith("/.git", StringComparison.Ordinal) || full == home + "/.bashrc";
        return (mode, inside, isProtected) switch
        {
            (PermissionMode.Plan or PermissionMode.DontAsk, _, _) => PermissionDecision.Deny("no writes in this mode"),
            (_, _, true) => PermissionDecision.Ask($"{full} is protected"),
            (PermissionMode.BypassPermissions, _, _) => PermissionDecision.Allow("bypass"),
            (PermissionMode.AcceptEdits, true, _) => PermissionDecision.Allow("acceptEdits"),
            _ => PermissionDecision.Ask("write"),
        };
    }

    public bool IsInsideWorkingDirectories(string path, string cwd) => Under(Full(path, cwd), project);

    private string Full(string path, string cwd)
    {
        var expanded = path == "~" ? home : path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(home, path[2..]) : path;
        return Path.GetFullPath(Path.Combine(cwd, expanded)).TrimEnd('/');
    }

    private static bool Under(string full, string root) => full == root || full.StartsWith(root.TrimEnd('/') + "/", StringComparison.Ordinal);
}
