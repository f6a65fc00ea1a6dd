using Keel.Core.Worktrees;

namespace Keel.Tests.Core.Worktrees;

/// <summary>A worktree name is one plain folder name and a valid branch suffix, nothing a path or git could read otherwise.</summary>
public sealed class WorktreeNamesTests
{
    [Theory]
    [InlineData("feature")]
    [InlineData("bright-sailing-otter")]
    [InlineData("agent-1-0a1b2c3d")]
    [InlineData("v1.2_fix")]
    [InlineData("9")]
    [InlineData("ABC")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Plain_names_are_valid(string name) => WorktreeNames.IsValid(name).ShouldBeTrue();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData(".git")]
    [InlineData(".keel")]
    [InlineData(".claude")]
    [InlineData("../settings.json")]
    [InlineData("../../.bashrc")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("/abs")]
    [InlineData("a\0b")]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("a\tb")]
    [InlineData("a b")]
    [InlineData("-b")]
    [InlineData("--help")]
    [InlineData("_x")]
    [InlineData("a..b")]
    [InlineData("x.")]
    [InlineData("x.lock")]
    [InlineData("x.LOCK")]
    [InlineData("a@{b")]
    [InlineData("a~1")]
    [InlineData("a^")]
    [InlineData("a:b")]
    [InlineData("a*")]
    [InlineData("a?")]
    [InlineData("a[b")]
    [InlineData("$(id)")]
    [InlineData("`id`")]
    [InlineData("a;b")]
    [InlineData("ünïcode")]
    [InlineData("ａｂｃ")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Anything_else_is_refused(string? name) => WorktreeNames.IsValid(name).ShouldBeFalse();
}
