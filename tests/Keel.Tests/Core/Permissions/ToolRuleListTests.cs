using Keel.Core.Permissions;

namespace Keel.Tests.Core.Permissions;

public sealed class ToolRuleListTests
{
    [Fact]
    public void Rule_lists_split_on_commas_and_spaces_but_not_inside_parentheses()
    {
        ToolRule.ParseList("Read,Edit Bash(git log:*)").Select(r => r.Text).ShouldBe(["Read", "Edit", "Bash(git log:*)"]);
        ToolRule.Parse("Bash(npm run test:*)").ShouldBe(new ToolRule("Bash", "npm run test:*", "Bash(npm run test:*)"));
    }
}
