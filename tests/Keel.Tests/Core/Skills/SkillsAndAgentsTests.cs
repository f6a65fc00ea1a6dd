using System.Text.Json;
using Keel.Cli.Agents;
using Keel.Core.Agent.Subagents;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Skills;
using Keel.Core.Tools;
using Keel.Tests.Core.Permissions;

namespace Keel.Tests.Core.Skills;

/// <summary>Invoked skills across a resume, an agent's preloaded skills, and the read-only command tool of Explore and Plan.</summary>
public sealed class SkillsAndAgentsTests : IDisposable
{
    private readonly PermissionWorld _w = new();

    [Fact]
    public void An_invocation_is_recorded_and_a_restored_one_is_kept_without_being_recorded_again()
    {
        var invoked = new InvokedSkills();
        var recorded = new List<string>();
        invoked.Recorded = (name, _) => recorded.Add(name);

        invoked.Restore([("old", "old instructions"), ("both", "first")]);
        invoked.Record("both", "second");

        recorded.ShouldBe(["both"]);
        invoked.Names.ShouldBe(["old", "both"]);
        var rendered = invoked.Render().ShouldNotBeNull();
        rendered.ShouldContain("old instructions");
        rendered.ShouldContain("second");
        rendered.ShouldNotContain("first");
    }

    [Fact]
    public void An_agent_s_skills_are_preloaded_in_order_and_a_missing_one_is_named()
    {
        _w.Write(".keel/skills/style/SKILL.md", "---\ndescription: Style\n---\nUse short sentences.");
        var catalog = new SkillCatalog(SkillLoader.Load(_w.Project, _w.Home, null));
        var agent = new AgentDefinition("writer", "Writes", "You write.", null, [], null, "project") { Skills = ["style", "gone"] };

        var preload = AgentSkills.Preload(agent, catalog).ShouldNotBeNull();

        preload.ShouldContain("<skill name=\"style\"");
        preload.ShouldContain("Use short sentences.");
        preload.ShouldContain("\"gone\"");
        AgentSkills.Preload(agent with { Skills = [] }, catalog).ShouldBeNull();
    }

    [Theory]
    [InlineData("cat notes.txt", true)]
    [InlineData("git log --oneline | head -5", true)]
    [InlineData("touch made.txt", false)]
    [InlineData("echo hi > out.txt", false)]
    [InlineData("git commit -m x", false)]
    public void A_read_only_agent_s_command_tool_refuses_what_the_shell_analyzer_cannot_prove_read_only_even_when_bypassing(string command, bool runs)
    {
        var engine = _w.Engine(PermissionMode.BypassPermissions);
        var tool = new ReadOnlyAgentTool(new CommandTool(), "Explore");
        var session = new ToolSession(_w.Project, [], _w.Root, TimeProvider.System);
        var input = tool.Decode(PermissionWorld.Input($$"""{"command":{{JsonSerializer.Serialize(command, Keel.Tests.Cli.SessionBuilderTestJson.Default.String)}}}"""), session).Input.ShouldNotBeNull();

        var decision = engine.Decide(tool, input, session);

        decision.Behavior.ShouldBe(runs ? PermissionBehavior.Allow : PermissionBehavior.Deny);
        if (!runs)
        {
            decision.Reason.ShouldContain("read-only");
        }

        tool.Definition.ShouldBe(tool.Inner.Definition);
    }

    public void Dispose() => _w.Dispose();

    /// <summary>A command tool as the engine sees one: its facets name the command.</summary>
    private sealed class CommandTool : ITool
    {
        private static readonly JsonElement Schema = JsonDocument.Parse(
            """{"type":"object","properties":{"command":{"type":"string"}},"required":["command"]}""").RootElement.Clone();

        private static readonly ToolDefinition Shared = new("Bash", "Runs a command.", Schema);

        public string Name => "Bash";

        public ToolDefinition Definition => Shared;

        public int MaxResultChars => 10_000;

        public ToolKind Kind => ToolKind.Exec;

        public ToolDecoding Decode(JsonElement input, ToolSession session)
        {
            var command = input.GetProperty("command").GetString() ?? string.Empty;
            return ToolDecoding.Ok(new ToolInput(input, command, new ToolFacets { Command = command, Summary = command }));
        }

        public ValueTask<ToolResult> ExecuteAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken) =>
            ValueTask.FromResult(ToolResult.Error("not run in these tests"));
    }
}
