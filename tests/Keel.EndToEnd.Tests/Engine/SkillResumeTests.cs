using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Engine;

/// <summary>Skills invoked before <c>-c</c> keep applying: a compaction after the resume re-attaches them.</summary>
public sealed class SkillResumeTests
{
    [Fact]
    public async Task A_skill_invoked_before_a_resume_is_re_attached_by_a_compaction_after_it()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".keel/skills/changelog/SKILL.md", "---\ndescription: Writes changelog entries\n---\nUse past tense in every entry.");
        s.Script(
            Turn.ToolUse("Skill", """{"skill":"changelog"}"""),
            Turn.Text("Loaded."),
            Turn.Text("Summary: the user wants a changelog."),
            Turn.Text("Going on."));

        var first = await s.RunAsync("-p", "write the changelog for these notes: " + new string('n', 30_000));
        var compact = await s.RunAsync("-c", "-p", "/compact");
        var after = await s.RunAsync("-c", "-p", "go on");

        first.ExitCode.ShouldBe(0, first.ToString());
        compact.ExitCode.ShouldBe(0, compact.ToString());
        after.ExitCode.ShouldBe(0, after.ToString());
        var resumed = s.Server.MessageRequests[^1];
        var opening = resumed.Messages![0]!.ToJsonString();
        opening.ShouldContain("Summary: the user wants a changelog.");
        opening.ShouldContain("Use past tense in every entry.");
        opening.ShouldNotContain("nnnnnnnnnn");
    }
}
