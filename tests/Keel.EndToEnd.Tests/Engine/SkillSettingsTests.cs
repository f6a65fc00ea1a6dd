using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Engine;

/// <summary>A skill's <c>model</c> and <c>allowed-tools</c> when the model loads it with the Skill tool; an agent's <c>skills</c>.</summary>
public sealed class SkillSettingsTests
{
    [Fact]
    public async Task A_skill_the_model_loads_runs_the_rest_of_the_turn_on_its_model_with_its_allowed_tools_and_the_next_turn_is_back()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".keel/skills/stamp/SKILL.md", "---\ndescription: Stamps the build\nmodel: haiku\nallowed-tools: Bash(touch:*)\n---\nTouch stamp.txt.");
        s.Script(
            Turn.ToolUse("Skill", """{"skill":"stamp"}"""),
            Turn.ToolUse("Bash", """{"command":"touch stamp.txt"}"""),
            Turn.Text("Stamped."),
            Turn.Text("Next answer."));

        // A host session (stream-json): two turns in one process; nobody answers asks, so only a rule lets touch run.
        var result = await s.RunAsync(["--input-format", "stream-json", "--output-format", "stream-json", "--verbose"], stdin: UserLine("stamp the build") + "\n" + UserLine("and now?") + "\n");

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Exists("stamp.txt").ShouldBeTrue("the skill's allowed-tools let its touch run: " + result);
        var models = s.Server.MessageRequests.Select(r => r.Json!["model"]!.GetValue<string>()).ToList();
        models.Count.ShouldBe(4);
        models[1].ShouldBe("claude-haiku-5-5");
        models[2].ShouldBe("claude-haiku-5-5");
        models[0].ShouldNotBe("claude-haiku-5-5");
        models[3].ShouldBe(models[0], "the session's model is back for the next turn");
    }

    [Fact]
    public async Task An_agent_starts_with_the_skills_its_list_preloads()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".keel/skills/house-style/SKILL.md", "---\ndescription: House style\n---\nAlways answer in haiku form.");
        s.Workspace.Write(".keel/agents/poet.md", "---\nname: poet\ndescription: Writes poems\nskills: house-style, no-such-skill\n---\nYou write poems.");
        s.Script(
            Turn.ToolUse("Agent", """{"description":"poem","prompt":"POEM-TASK: write about rain","subagent_type":"poet"}"""),
            Turn.Text("Rain falls."),
            Turn.Text("Done."));

        var result = await s.RunAsync("-p", "a poem please");

        result.ExitCode.ShouldBe(0, result.ToString());
        var child = s.Server.MessageRequests.Single(r => r.Messages!.Count == 1 && r.Messages[0]!.ToJsonString().Contains("POEM-TASK", StringComparison.Ordinal));
        var opening = child.Messages![0]!.ToJsonString();
        opening.ShouldContain("Always answer in haiku form.");
        opening.ShouldContain("no-such-skill");
        opening.IndexOf("haiku form", StringComparison.Ordinal).ShouldBeLessThan(opening.IndexOf("POEM-TASK", StringComparison.Ordinal));
        s.Server.MessageRequests[0].Messages![0]!.ToJsonString().ShouldNotContain("haiku form");
        s.AssertInvariants();
    }

    private static string UserLine(string text) => new JsonObject
    {
        ["type"] = "user",
        ["message"] = new JsonObject { ["role"] = "user", ["content"] = text },
        ["parent_tool_use_id"] = null,
        ["session_id"] = "default",
    }.ToJsonString();
}
