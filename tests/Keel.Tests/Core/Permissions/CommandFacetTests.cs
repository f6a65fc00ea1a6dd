using System.Text.Json;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Tools;

namespace Keel.Tests.Core.Permissions;

/// <summary>
/// A command is judged by the shell analyzer because the tool's facets name a command, not because the tool is
/// called Bash: a second command tool gets the same analysis under rules written with its own name, and its
/// "don't ask again" suggestions name it.
/// </summary>
public sealed class CommandFacetTests : IDisposable
{
    private readonly PermissionWorld _w = new();

    [Fact]
    public void A_command_tool_of_another_name_is_decided_by_its_own_rules()
    {
        var engine = _w.Engine(allow: ["Run(touch:*)", "Bash(rm:*)"]);
        engine.Tools.Register([new RunTool()]);

        Decide(engine, "touch made.txt").ShouldBe(PermissionBehavior.Allow);
        Decide(engine, "rm made.txt").ShouldBe(PermissionBehavior.Ask);
        Decide(engine, "cat notes.txt").ShouldBe(PermissionBehavior.Allow);
        Decide(engine, "echo x > ../outside/x").ShouldBe(PermissionBehavior.Ask);
        engine.Evaluate("Bash", PermissionWorld.Input("""{"command":"rm made.txt"}"""), _w.Project).Decision.Behavior.ShouldBe(PermissionBehavior.Allow);
        new PermissionUpdater(engine.Context).SuggestAll("Run", new ToolFacets { Command = "npm install && git push" }, _w.Project)
            .ShouldBe(["Run(npm install:*)", "Run(git push:*)"]);
    }

    public void Dispose() => _w.Dispose();

    private PermissionBehavior Decide(PermissionEngine engine, string command) =>
        engine.Evaluate("Run", PermissionWorld.Input($$"""{"command":{{JsonSerializer.Serialize(command, Keel.Tests.Cli.SessionBuilderTestJson.Default.String)}}}"""), _w.Project).Decision.Behavior;

    /// <summary>A test tool that runs a command; its facets say so, and that is all the engine needs.</summary>
    private sealed class RunTool : ITool
    {
        private static readonly JsonElement Schema = JsonDocument.Parse(
            """{"type":"object","properties":{"command":{"type":"string"}},"required":["command"]}""").RootElement.Clone();

        public string Name => "Run";

        public ToolDefinition Definition => new(Name, "Runs a command.", Schema);

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
