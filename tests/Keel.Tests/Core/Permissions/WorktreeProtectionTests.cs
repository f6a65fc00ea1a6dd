using Keel.Core.Permissions.Paths;

namespace Keel.Tests.Core.Permissions;

/// <summary>
/// Files inside a worktree Keel made are a checkout to work in; everything that configures Keel, git or an editor
/// stays protected: the worktree's own .git/.keel/.claude, the worktrees folder and a worktree's own folder, and
/// every odd spelling that only looks like a worktree path.
/// </summary>
public sealed class WorktreeProtectionTests
{
    private const string Home = "/home/user";

    [Theory]
    [InlineData("/repo/.keel/worktrees/feature/src/app.cs")]
    [InlineData("/repo/.keel/worktrees/feature/README.md")]
    [InlineData("/repo/.keel/worktrees/agent-1-0a1b2c3d/deep/er/file.txt")]
    [InlineData("/repo/.keel/worktrees/v1.2_fix/notes")]
    [InlineData("/repo/.claude/worktrees/feature/notes.txt")]
    [InlineData("/repo/.keel/worktrees/outer/.keel/worktrees/inner/file.txt")]
    [InlineData("/repo/.keel/worktrees/a/keel/settings.json")]
    [InlineData("/repo/.keel/worktrees/a/worktrees/x")]
    public void Files_inside_a_worktree_are_not_configuration(string path) =>
        ProtectedNames.Reason(path, Home, ignoreCase: false).ShouldBeNull();

    [Theory]
    // The worktree's own repository metadata and configuration.
    [InlineData("/repo/.keel/worktrees/feature/.git", ".git")]
    [InlineData("/repo/.keel/worktrees/feature/.git/config", ".git")]
    [InlineData("/repo/.keel/worktrees/feature/.git/hooks/pre-commit", ".git")]
    [InlineData("/repo/.keel/worktrees/feature/sub/.git/HEAD", ".git")]
    [InlineData("/repo/.keel/worktrees/feature/.keel/settings.json", ".keel")]
    [InlineData("/repo/.keel/worktrees/feature/.keel/settings.local.json", ".keel")]
    [InlineData("/repo/.keel/worktrees/feature/.keel/hooks/x.sh", ".keel")]
    [InlineData("/repo/.keel/worktrees/feature/.claude/settings.json", ".claude")]
    [InlineData("/repo/.keel/worktrees/feature/.claude/commands/a.md", ".claude")]
    [InlineData("/repo/.keel/worktrees/feature/.vscode/tasks.json", ".vscode")]
    [InlineData("/repo/.keel/worktrees/feature/.husky/pre-commit", ".husky")]
    [InlineData("/repo/.keel/worktrees/feature/.mcp.json", ".mcp.json")]
    [InlineData("/repo/.keel/worktrees/feature/.gitmodules", ".gitmodules")]
    [InlineData("/repo/.keel/worktrees/feature/.gitattributes", ".gitattributes")]
    [InlineData("/repo/.keel/worktrees/feature/.keel/worktrees", ".keel")]
    // The worktrees folder, a worktree's own folder (create, rename, replace with a link) and the folders around them.
    [InlineData("/repo/.keel/worktrees", ".keel")]
    [InlineData("/repo/.keel/worktrees/feature", ".keel")]
    [InlineData("/repo/.claude/worktrees/feature", ".claude")]
    [InlineData("/repo/.keel/settings.json", ".keel")]
    [InlineData("/repo/.keel/settings.local.json", ".keel")]
    [InlineData("/repo/.keel/hooks/worktrees/x", ".keel")]
    [InlineData("/repo/.keel/agents/worktrees/x/y", ".keel")]
    [InlineData("/repo/.keel/x/worktrees/a/b", ".keel")]
    [InlineData("/repo/.git/worktrees/feature/HEAD", ".git")]
    [InlineData("/repo/.git/.keel/worktrees/feature/x", ".git")]
    [InlineData("/repo/.vscode/.keel/worktrees/feature/x", ".vscode")]
    // Names that are not worktree names: dot names, traversal, control characters, over-long.
    [InlineData("/repo/.keel/worktrees/.git/config", ".keel")]
    [InlineData("/repo/.keel/worktrees/.keel/settings.json", ".keel")]
    [InlineData("/repo/.keel/worktrees/../settings.json", ".keel")]
    [InlineData("/repo/.keel/worktrees/x/../../settings.local.json", ".keel")]
    [InlineData("/repo/.keel/worktrees/x/./../../hooks/h.sh", ".keel")]
    [InlineData("/repo/.keel/worktrees/./x/settings.json", ".keel")]
    [InlineData("/repo/.keel/worktrees/-x/file", ".keel")]
    [InlineData("/repo/.keel/worktrees/.x/file", ".keel")]
    [InlineData("/repo/.keel/worktrees/x.lock/file", ".keel")]
    [InlineData("/repo/.keel/worktrees/a..b/file", ".keel")]
    [InlineData("/repo/.keel/worktrees/x./file", ".keel")]
    [InlineData("/repo/.keel/worktrees/x y/file", ".keel")]
    [InlineData("/repo/.keel/worktrees/x\nsettings.json/file", ".keel")]
    [InlineData("/repo/.keel/worktrees/x\u0000/file", ".keel")]
    [InlineData("/repo/.keel/worktrees/x/file\nname", ".keel")]
    [InlineData("/repo/.keel/worktrees/x~1/file", ".keel")]
    [InlineData("/repo/.keel/worktrees/x:y/file", ".keel")]
    [InlineData("/repo/.keel/worktrees/ünïcode/file", ".keel")]
    [InlineData("/repo/.keel/worktrees/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/file", ".keel")]
    // Spellings that are not exactly .keel/worktrees are never exempt.
    [InlineData("/repo/.keel/Worktrees/x/file", ".keel")]
    [InlineData("/repo/.keel/worktree/x/file", ".keel")]
    [InlineData("/repo/.keel/worktrees /x/file", ".keel")]
    [InlineData("/repo/.keel /worktrees/x/file", null)]
    [InlineData("/repo/.vscode/worktrees/x/file", ".vscode")]
    [InlineData("/repo/.git/worktrees/x/file", ".git")]
    [InlineData("/repo/.idea/worktrees/x/file", ".idea")]
    public void Configuration_and_anything_that_only_looks_like_a_worktree_stay_protected(string path, string? protectedName)
    {
        var reason = ProtectedNames.Reason(path, Home, ignoreCase: false);

        if (protectedName is null)
        {
            // ".keel " (trailing space) is a different folder on Linux: nothing Keel reads.
            reason.ShouldBeNull();
        }
        else
        {
            reason.ShouldNotBeNull(path);
            reason.ShouldStartWith(protectedName + " is a protected");
        }
    }

    [Theory]
    // On a case-insensitive file system .KEEL is .keel and .GIT is .git: the exemption needs the exact spelling, protection does not.
    [InlineData("/repo/.KEEL/worktrees/x/file", ".keel")]
    [InlineData("/repo/.Keel/worktrees/x/settings.json", ".keel")]
    [InlineData("/repo/.keel/WORKTREES/x/file", ".keel")]
    [InlineData("/repo/.CLAUDE/worktrees/x/file", ".claude")]
    [InlineData("/repo/.keel/worktrees/x/.GIT/config", ".git")]
    [InlineData("/repo/.keel/worktrees/x/.Keel/settings.json", ".keel")]
    [InlineData("/repo/.keel/worktrees/x/.Claude/settings.json", ".claude")]
    [InlineData("/repo/.keel/worktrees/x/.MCP.json", ".mcp.json")]
    [InlineData("/repo/.keel/worktrees/X.LOCK/file", ".keel")]
    public void Case_tricks_stay_protected_where_names_ignore_case(string path, string protectedName) =>
        ProtectedNames.Reason(path, Home, ignoreCase: true)!.ShouldStartWith(protectedName + " is a protected");

    [Fact]
    public void A_worktree_in_the_home_folders_keel_directory_stays_protected() =>
        ProtectedNames.Reason("/home/user/.keel/worktrees/x/file", Home, ignoreCase: false).ShouldBe("~/.keel is a protected directory");

    [Fact]
    public void Home_start_up_files_stay_protected_whatever_the_worktree() =>
        ProtectedNames.Reason("/home/user/.bashrc", Home, ignoreCase: false).ShouldBe("~/.bashrc is a protected file");
}
