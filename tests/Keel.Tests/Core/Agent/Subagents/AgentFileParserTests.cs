using Keel.Core.Agent.Subagents;
using Keel.Core.Permissions;

namespace Keel.Tests.Core.Agent.Subagents;

public sealed class AgentFileParserTests
{
    [Fact]
    public void Front_matter_fields_and_body_become_the_definition()
    {
        var (agent, error) = AgentFileParser.Parse(
            "---\nname: reviewer\ndescription: \"Reviews code\"\ntools: Read, Grep, Agent(a, b)\ndisallowedTools: [Bash]\nmodel: inherit\npermissionMode: plan\nmaxTurns: 5\nskills:\n  - lint\n  - style\n---\nYou review.\n",
            "project");

        error.ShouldBeNull();
        agent.ShouldNotBeNull();
        agent.Name.ShouldBe("reviewer");
        agent.Description.ShouldBe("Reviews code");
        agent.Tools.ShouldBe(["Read", "Grep", "Agent(a, b)"]);
        agent.DisallowedTools.ShouldBe(["Bash"]);
        agent.Model.ShouldBeNull();
        agent.PermissionMode.ShouldBe(PermissionMode.Plan);
        agent.MaxTurns.ShouldBe(5);
        agent.Skills.ShouldBe(["lint", "style"]);
        agent.Prompt.ShouldBe("You review.");
        agent.IsolatedInWorktree.ShouldBeFalse();
    }

    [Fact]
    public void Isolation_worktree_in_front_matter_and_in_agents_json_marks_the_agent()
    {
        var (fromFile, _) = AgentFileParser.Parse("---\nname: a\ndescription: d\nisolation: worktree\n---\nbody\n", "project");
        var warnings = new List<string>();
        var fromJson = AgentCatalog.ParseJson("""{"b": {"description": "d", "prompt": "p", "isolation": "worktree"}}""", warnings);

        fromFile!.IsolatedInWorktree.ShouldBeTrue();
        fromJson.Single().IsolatedInWorktree.ShouldBeTrue();
        warnings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("no front matter", "front matter")]
    [InlineData("---\nname: x\n---\nbody", "name and description")]
    [InlineData("---\nname: a:b\ndescription: d\n---\n", "contains ':'")]
    [InlineData("---\nname: a\ndescription: d\npermissionMode: yolo\n---\n", "permissionMode")]
    [InlineData("---\nname: a\ndescription: d\n", "not closed")]
    [InlineData("---\nname: a\ndescription: d\nisolation: container\n---\n", "isolation 'container'")]
    public void Invalid_files_are_skipped_with_a_reason(string text, string reason)
    {
        var (agent, error) = AgentFileParser.Parse(text, "project");

        agent.ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain(reason);
    }

    [Fact]
    public void Agents_json_entries_are_parsed_and_bad_ones_reported()
    {
        var warnings = new List<string>();
        var agents = AgentCatalog.ParseJson("""{"a":{"description":"A","prompt":"P","tools":["Read"],"model":"haiku"},"b":{"prompt":"no description"},"c":3}""", warnings);

        var a = agents.ShouldHaveSingleItem();
        a.Name.ShouldBe("a");
        a.Prompt.ShouldBe("P");
        a.Tools.ShouldBe(["Read"]);
        a.Model.ShouldBe("haiku");
        a.Source.ShouldBe("cli");
        warnings.Count.ShouldBe(2);
    }
}
