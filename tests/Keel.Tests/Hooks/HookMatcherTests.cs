using Keel.Core.Hooks;

namespace Keel.Tests.Hooks;

public sealed class HookMatcherTests
{
    [Theory]
    [InlineData(null, "Bash", true)]
    [InlineData("", "Bash", true)]
    [InlineData("*", "Write", true)]
    [InlineData("Bash", "Bash", true)]
    [InlineData("Bash", "BashOutput", false)]
    [InlineData("Write|Edit", "Edit", true)]
    [InlineData("Write|Edit", "Read", false)]
    [InlineData("Write, Edit", "Edit", true)]
    [InlineData("Edit.*", "NotebookEdit", true)]
    [InlineData("^Edit$", "NotebookEdit", false)]
    [InlineData("mcp__github__.*", "mcp__github__create_issue", true)]
    [InlineData("startup", "resume", false)]
    public void Matches_like_the_reference_client(string? matcher, string target, bool expected) =>
        HookMatcher.Matches(matcher, target).ShouldBe(expected);

    [Fact]
    public void An_invalid_regex_matches_nothing_and_is_reported()
    {
        HookMatcher.Matches("Bash(", "Bash(").ShouldBeFalse();
        HookMatcher.Validate("Bash(").ShouldNotBeNull().ShouldContain("not a valid regular expression");
        HookMatcher.Validate("Bash|Write").ShouldBeNull();
    }
}
