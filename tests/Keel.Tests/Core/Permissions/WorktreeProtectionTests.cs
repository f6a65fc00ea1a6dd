using Keel.Core.Permissions.Paths;

namespace Keel.Tests.Core.Permissions;

/// <summary>A worktree Keel made is a checkout to work in; what is protected inside it stays protected.</summary>
public sealed class WorktreeProtectionTests
{
    [Theory]
    [InlineData("/repo/.keel/worktrees/feature/src/app.cs", null)]
    [InlineData("/repo/.claude/worktrees/feature/notes.txt", null)]
    [InlineData("/repo/.keel/worktrees/feature/.git/config", ".git is a protected directory")]
    [InlineData("/repo/.keel/worktrees/feature/.keel/settings.json", ".keel is a protected directory")]
    [InlineData("/repo/.keel/worktrees/.git/config", ".git is a protected directory")]
    [InlineData("/repo/.keel/worktrees", ".keel is a protected directory")]
    [InlineData("/repo/.keel/settings.json", ".keel is a protected directory")]
    [InlineData("/repo/.keel/hooks/worktrees/x", ".keel is a protected directory")]
    public void Only_the_worktree_folder_itself_is_exempt(string path, string? reason) =>
        ProtectedNames.Reason(path, "/home/user").ShouldBe(reason);
}
