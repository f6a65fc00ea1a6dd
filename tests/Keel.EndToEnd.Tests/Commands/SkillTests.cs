using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Commands;

public sealed class SkillTests
{
    [Theory]
    [InlineData(".keel")]
    [InlineData(".claude")]
    public async Task The_model_sees_the_listing_and_loads_a_skill_on_demand(string dir)
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write($"{dir}/skills/changelog/SKILL.md", "---\ndescription: Writes changelog entries in the house style\n---\nUse past tense. See template.md.");
        s.Workspace.Write($"{dir}/skills/changelog/template.md", "## Changes");
        s.Script(Turn.ToolUse("Skill", """{"skill":"changelog"}"""), Turn.Text("Loaded."));

        var result = await s.RunAsync("-p", "write the changelog");

        result.ExitCode.ShouldBe(0, result.ToString());
        var first = s.Server.MessageRequests[0];
        first.ToolNames.ShouldContain("Skill");
        var system = RequestText.System(first);
        system.ShouldContain("- changelog: Writes changelog entries in the house style");
        system.ShouldNotContain("Use past tense");
        var toolResult = Scenario.LastToolResults(s.Server.MessageRequests[1]).Single();
        var text = Scenario.ResultText(toolResult);
        text.ShouldContain("Use past tense. See template.md.");
        text.ShouldContain(Path.Combine(s.Workspace.Path, dir, "skills", "changelog"));
        s.AssertInvariants();
    }

    [Fact]
    public async Task A_user_skill_outside_the_project_can_be_read_after_it_is_loaded()
    {
        await using var s = await Scenario.StartAsync();
        var folder = Path.Combine(s.Workspace.Home, ".claude", "skills", "style");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "SKILL.md"), "---\ndescription: Style guide\n---\nRead rules.md.");
        File.WriteAllText(Path.Combine(folder, "rules.md"), "tabs, never spaces");
        s.Script(
            Turn.ToolUse("Skill", """{"skill":"style"}"""),
            Turn.ToolUse("Read", $$"""{"file_path":"{{Path.Combine(folder, "rules.md")}}"}"""),
            Turn.Text("done"));

        var result = await s.RunAsync("-p", "check style");

        result.ExitCode.ShouldBe(0, result.ToString());
        var read = Scenario.LastToolResults(s.Server.MessageRequests[2]).Single();
        Scenario.ResultText(read).ShouldContain("tabs, never spaces");
    }

    [Fact]
    public async Task A_user_invocable_skill_runs_as_a_slash_command_with_zero_based_arguments()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".claude/skills/fix-issue/SKILL.md", "---\ndescription: Fix an issue\ndisable-model-invocation: true\n---\nFix issue $0 in $1.");
        s.Script(Turn.Text("ok"));

        var result = await s.RunAsync("-p", "/fix-issue 42 parser");

        result.ExitCode.ShouldBe(0, result.ToString());
        var request = s.Server.MessageRequests.ShouldHaveSingleItem();
        RequestText.FirstUser(request).ShouldContain("Fix issue 42 in parser.");
        RequestText.System(request).ShouldNotContain("fix-issue");
    }

    [Fact]
    public async Task A_fork_skill_runs_in_a_subagent_and_only_its_answer_returns()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".claude/skills/audit/SKILL.md", "---\ndescription: Audits dependencies\ncontext: fork\n---\nList every dependency and flag the outdated ones.");
        s.Script(
            Turn.ToolUse("Skill", """{"skill":"audit"}"""),
            Turn.Text("Two dependencies are outdated: foo and bar."),
            Turn.Text("The audit found two outdated dependencies."));

        var result = await s.RunAsync("-p", "audit the project");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Server.MessageRequests.Count.ShouldBe(3);

        // The second request is the fork: the parent's conversation with the skill's instructions as its last message.
        var child = s.Server.MessageRequests[1];
        RequestText.FirstUser(child).ShouldContain("audit the project");
        child.Messages![^1]!.ToJsonString().ShouldContain("List every dependency and flag the outdated ones.");
        child.ToolNames.ShouldBe(s.Server.MessageRequests[0].ToolNames);

        var toolResult = Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[2]).Single());
        toolResult.ShouldContain("Two dependencies are outdated: foo and bar.");
        toolResult.ShouldNotContain("List every dependency");
        s.AssertInvariants();
    }

    [Fact]
    public async Task Without_skill_files_only_the_bundled_skills_are_listed()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("ok"));

        await s.RunAsync("-p", "hello");

        s.Server.MessageRequests[0].ToolNames.ShouldContain("Skill");
        var system = RequestText.System(s.Server.MessageRequests[0]);
        var section = system[system.IndexOf("# Skills\n", StringComparison.Ordinal)..];
        var listed = section.Split('\n').Skip(1).TakeWhile(static l => !l.StartsWith('#'))
            .Where(static l => l.StartsWith("- ", StringComparison.Ordinal) && l.Contains(':'))
            .Select(static l => l[2..l.IndexOf(':')])
            .ToList();
        listed.ShouldBe(["commit", "init", "pr-comments", "review", "security-review", "simplify"]);
    }
}
