using Keel.Core.Permissions;

namespace Keel.Tests.Core.Permissions;

public sealed class PermissionRuleParserTests
{
    [Theory]
    [InlineData("Bash", "Bash", null)]
    [InlineData("Bash(*)", "Bash", null)]
    [InlineData("Bash(npm run test:*)", "Bash", "npm run test:*")]
    [InlineData(" Read(./secrets/**) ", "Read", "./secrets/**")]
    [InlineData("Task(Explore)", "Task", "Explore")]
    [InlineData("mcp__github", "mcp__github", null)]
    [InlineData("mcp__github__*", "mcp__github", null)]
    [InlineData("mcp__github__create_issue", "mcp__github__create_issue", null)]
    [InlineData("WebFetch(domain:example.com)", "WebFetch", "domain:example.com")]
    public void Rules_are_normalised(string text, string tool, string? spec)
    {
        var (rule, error) = PermissionRuleParser.Parse(text, PermissionBehavior.Allow, "cliArg", "/repo");

        error.ShouldBeNull();
        rule!.ToolName.ShouldBe(tool);
        rule.Specifier.ShouldBe(spec);
    }

    [Theory]
    [InlineData("Bash(ls")]
    [InlineData("(ls)")]
    [InlineData("")]
    [InlineData("mcp__")]
    [InlineData("rm -rf /")]
    public void Malformed_rules_are_errors(string text) =>
        PermissionRuleParser.Parse(text, PermissionBehavior.Deny, "cliArg", "/repo").Error.ShouldNotBeNull();
}
