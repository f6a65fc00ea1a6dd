using Keel.Core.Permissions;
using Keel.Core.Permissions.Shell;

namespace Keel.Tests.Core.Permissions.Shell;

internal static class BashPermissionHarness
{
    public const string Project = "/work/project";
    public const string Home = "/home/user";

    public static readonly string[] DefaultDeny = ["Bash(rm:*)", "Bash(git push:*)", "Bash(git commit *)"];
    public static readonly string[] DefaultAllow = ["Bash(echo:*)", "Bash(npm test:*)", "Bash(npm run build)", "Bash(npm * --silent)"];

    public static BashDecision Decide(
        string command,
        PermissionMode mode = PermissionMode.Default,
        string[]? allow = null,
        string[]? deny = null,
        string[]? ask = null,
        string cwd = Project,
        (string Prefix, PathAccess Access, string Rule)[]? pathDenies = null)
    {
        var rules = new List<PermissionRule>();
        rules.AddRange((deny ?? DefaultDeny).Select(r => Rule(r, PermissionBehavior.Deny)));
        rules.AddRange((ask ?? []).Select(r => Rule(r, PermissionBehavior.Ask)));
        rules.AddRange((allow ?? DefaultAllow).Select(r => Rule(r, PermissionBehavior.Allow)));
        var paths = new FakePathPolicy(Project, Home, mode, pathDenies ?? []);
        return BashPermission.Decide(command, new BashPermissionContext(Project, cwd, Home, [Project], mode, rules, paths, "Bash"));
    }

    public static PermissionBehavior Behavior(string command, PermissionMode mode = PermissionMode.Default, string[]? allow = null) =>
        Decide(command, mode, allow).Decision.Behavior;

    private static PermissionRule Rule(string text, PermissionBehavior behavior)
    {
        var open = text.IndexOf('(');
        return open < 0
            ? new PermissionRule(text, null, behavior, "projectSettings", text)
            : new PermissionRule(text[..open], text[(open + 1)..^1], behavior, "projectSettings", text);
    }
}
