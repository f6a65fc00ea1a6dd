using System.Text.Json;
using Keel.Core.Agent;
using Keel.Core.Messages;
using Keel.Core.Permissions;
using Keel.Core.Tools;
using Keel.Core.Tools.Pipeline;
using Keel.Tests.Core.Fakes;

namespace Keel.Tests.Core.Permissions;

public sealed class AlwaysAllowTests : IDisposable
{
    private readonly string _project = Directory.CreateTempSubdirectory("keel-always-").FullName;

    [Fact]
    public async Task An_always_answer_is_saved_as_a_local_rule_and_the_next_call_does_not_ask()
    {
        var context = new PermissionContext(_project, [], Path.Combine(_project, ".home"), PermissionMode.Default, []);
        var engine = new PermissionEngine(context);
        var prompter = new CountingPrompter();
        var tool = new FakeTool("Deploy", readOnly: false, (_, _) => Task.FromResult(ToolResult.Success("deployed")));
        var session = new ToolSession(_project, [], Path.Combine(_project, ".s"), TimeProvider.System);
        var runner = new ToolRunner(new ToolPipeline(new ToolPipelineParts([tool], engine, new PrompterAsker(prompter), session) { Memory = new PermissionUpdater(context) }));

        var first = await RunAsync(runner, "toolu_1");
        var second = await RunAsync(runner, "toolu_2");

        first.Result.Text.ShouldBe("deployed");
        second.Result.Text.ShouldBe("deployed");
        prompter.Asked.ShouldBe(1);
        var saved = JsonDocument.Parse(File.ReadAllText(Path.Combine(_project, ".keel", "settings.local.json")));
        saved.RootElement.GetProperty("permissions").GetProperty("allow").EnumerateArray().Select(e => e.GetString()).ShouldContain("Deploy");
    }

    private static async Task<ToolOutcome> RunAsync(ToolRunner runner, string id)
    {
        var outcomes = new List<ToolOutcome>();
        await foreach (var _ in runner.RunAsync([new ToolUseBlock(id, "Deploy", MessageJson.EmptyObject)], outcomes, CancellationToken.None))
        {
        }

        return outcomes.Single();
    }

    private sealed class CountingPrompter : IPermissionPrompter
    {
        public int Asked { get; private set; }

        public ValueTask<PermissionAnswer> AskAsync(string toolName, JsonElement input, PermissionDecision decision, CancellationToken cancellationToken)
        {
            Asked++;
            return ValueTask.FromResult(new PermissionAnswer(PermissionAnswerKind.AllowAlways));
        }
    }

    public void Dispose() => Directory.Delete(_project, recursive: true);
}
