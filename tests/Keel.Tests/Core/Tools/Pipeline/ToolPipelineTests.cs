using System.Collections.Concurrent;
using System.Text.Json;
using Keel.Core.Agent;
using Keel.Core.Hooks;
using Keel.Core.Messages;
using Keel.Core.Permissions;
using Keel.Core.Tools;
using Keel.Core.Tools.Pipeline;
using Keel.Tests.Core.Fakes;
using Keel.Tests.Core.Settings;

namespace Keel.Tests.Core.Tools.Pipeline;

public sealed class ToolPipelineTests : IDisposable
{
    private readonly string _project = Directory.CreateTempSubdirectory("keel-pipeline-").FullName;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly RecordingExecutor _hooks;

    public ToolPipelineTests()
    {
        _hooks = new RecordingExecutor(_log);
    }

    [Fact]
    public void The_steps_run_in_the_documented_order()
    {
        var pipeline = new ToolPipeline(Parts([]));

        pipeline.Steps.Select(static s => s.GetType().Name).ShouldBe(
        [
            nameof(DecodeInputStep),
            nameof(PreToolUseStep),
            nameof(PermissionStep),
            nameof(PermissionRequestStep),
            nameof(AskStep),
            nameof(UseTimeRecheckStep),
            nameof(CheckpointStep),
            nameof(ExecuteStep),
            nameof(CheckpointWrittenStep),
            nameof(OutputBudgetStep),
            nameof(PostToolUseStep),
            nameof(ResultAttachmentsStep),
            nameof(RecordStep),
        ]);
    }

    [Fact]
    public async Task A_call_passes_hooks_ask_execute_budget_and_post_hooks_in_order()
    {
        var tool = new FakeTool("Deploy", readOnly: false, (_, _) =>
        {
            _log.Enqueue("execute");
            return Task.FromResult(ToolResult.Success(new string('x', 500)));
        }) { MaxResultChars = 100 };
        var asker = new RecordingAsker(_log, PermissionAnswerKind.AllowOnce);
        var events = new List<AgentEvent>();
        var pipeline = new ToolPipeline(Parts([tool], asker) with { Hooks = Hooks() });

        var outcome = await pipeline.RunAsync(Call("Deploy", """{"target":"prod"}"""), events.Add, CancellationToken.None);

        _log.ShouldBe(["hook:PreToolUse", "ask", "execute", "hook:PostToolUse"]);
        outcome.Decision.Prompted.ShouldBeTrue();
        outcome.Result.IsError.ShouldBeFalse();
        outcome.Result.Text.ShouldContain("tool-results");

        // The output budget ran before PostToolUse: the hook saw the preview with the spill path.
        _hooks.Inputs["PostToolUse"].ShouldContain("tool-results");
        events.OfType<PermissionResolved>().Single().Decision.Behavior.ShouldBe(PermissionBehavior.Allow);
        events.OfType<ToolStarted>().ShouldHaveSingleItem();
    }

    [Theory]
    [InlineData("{}", "the required parameter `target` is missing")]
    [InlineData("""{"target":"moon"}""", "`target` must be one of \"staging\", \"prod\"")]
    [InlineData("""{"target":"prod","count":"3"}""", "`count` must be an integer, got a string")]
    [InlineData("""{"target":null}""", "`target` must be a string, got null")]
    [InlineData("\"cut off\"", "was not a JSON object")]
    public async Task Schema_invalid_input_never_reaches_hooks_permission_or_execute(string input, string problem)
    {
        var tool = new FakeTool("Deploy", readOnly: false, (_, _) => Task.FromResult(ToolResult.Success("deployed")))
        {
            Schema = JsonDocument.Parse("""
                {"type":"object","properties":{"target":{"type":"string","enum":["staging","prod"]},"count":{"type":"integer"}},"required":["target"]}
                """).RootElement.Clone(),
        };
        var asker = new RecordingAsker(_log, PermissionAnswerKind.AllowOnce);
        var events = new List<AgentEvent>();
        var pipeline = new ToolPipeline(Parts([tool], asker) with { Hooks = Hooks() });

        var outcome = await pipeline.RunAsync(Call("Deploy", input), events.Add, CancellationToken.None);

        tool.Calls.ShouldBe(0);
        _log.ShouldBeEmpty();
        events.ShouldBeEmpty();
        outcome.Result.IsError.ShouldBeTrue();
        outcome.Result.Text.ShouldContain("InputValidationError");
        outcome.Result.Text.ShouldContain(problem);
    }

    [Fact]
    public async Task A_hook_that_rewrites_the_input_into_an_invalid_one_stops_the_call()
    {
        var tool = new FakeTool("Deploy", readOnly: false, (_, _) => Task.FromResult(ToolResult.Success("deployed")))
        {
            Schema = JsonDocument.Parse("""{"type":"object","properties":{"target":{"type":"string"}},"required":["target"]}""").RootElement.Clone(),
        };
        _hooks.Answers["PreToolUse"] = """{"hookSpecificOutput":{"hookEventName":"PreToolUse","updatedInput":{"target":42}}}""";
        var pipeline = new ToolPipeline(Parts([tool], new RecordingAsker(_log, PermissionAnswerKind.AllowOnce)) with { Hooks = Hooks() });

        var outcome = await pipeline.RunAsync(Call("Deploy", """{"target":"prod"}"""), null, CancellationToken.None);

        tool.Calls.ShouldBe(0);
        outcome.Result.Text.ShouldContain("`target` must be a string");
    }

    [Fact]
    public async Task A_cancelled_call_still_gets_exactly_one_interrupted_result()
    {
        var tool = new FakeTool("Deploy", readOnly: false, (_, _) => Task.FromResult(ToolResult.Success("deployed")));
        var pipeline = new ToolPipeline(Parts([tool], new RecordingAsker(_log, PermissionAnswerKind.AllowOnce)));
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        var outcome = await pipeline.RunAsync(Call("Deploy", "{}"), null, cancel.Token);

        tool.Calls.ShouldBe(0);
        outcome.Result.Text.ShouldBe(ToolRunner.InterruptedMessage);
    }

    [Fact]
    public async Task Hooks_see_which_subagent_made_the_call()
    {
        var tool = new FakeTool("Deploy", readOnly: false, (_, _) => Task.FromResult(ToolResult.Success("deployed")));
        var parent = new ToolPipeline(Parts([tool], new RecordingAsker(_log, PermissionAnswerKind.AllowOnce)) with { Hooks = Hooks() });
        var child = parent.With(p => p with { Caller = new ToolCaller("agent-7", "Explore") });

        await child.RunAsync(Call("Deploy", "{}"), null, CancellationToken.None);

        using var input = JsonDocument.Parse(_hooks.Inputs["PreToolUse"]);
        input.RootElement.GetProperty("agent_id").GetString().ShouldBe("agent-7");
        input.RootElement.GetProperty("agent_type").GetString().ShouldBe("Explore");
    }

    public void Dispose() => Directory.Delete(_project, recursive: true);

    private ToolPipelineParts Parts(IReadOnlyList<ITool> tools, IPermissionAsker? asker = null)
    {
        var engine = new PermissionEngine(new PermissionContext(_project, [], Path.Combine(_project, ".home"), PermissionMode.Default, []));
        var session = new ToolSession(_project, [], Path.Combine(_project, ".session"), TimeProvider.System) { Paths = engine.Paths };
        return new ToolPipelineParts(tools, engine, asker ?? new RecordingAsker(_log, PermissionAnswerKind.Reject), session);
    }

    private HookRunner Hooks()
    {
        using var sandbox = new SettingsSandbox();
        sandbox.Write(".claude/settings.json", """
            { "hooks": {
                "PreToolUse": [ { "matcher": "*", "hooks": [ { "type": "command", "command": "PreToolUse" } ] } ],
                "PostToolUse": [ { "matcher": "*", "hooks": [ { "type": "command", "command": "PostToolUse" } ] } ] } }
            """);
        var config = HookConfiguration.Load(sandbox.Load(), projectTrusted: true, new List<string>());
        var info = new HookSessionInfo("sid", null, _project, () => _project, () => "default");
        return new HookRunner(config, _hooks, info, TimeProvider.System);
    }

    private static ToolUseBlock Call(string name, string input) => new("toolu_1", name, JsonDocument.Parse(input).RootElement.Clone());

    private sealed class RecordingAsker(ConcurrentQueue<string> log, PermissionAnswerKind answer) : IPermissionAsker
    {
        public ValueTask<PermissionAnswer> AskAsync(PermissionAsk ask, CancellationToken cancellationToken)
        {
            log.Enqueue("ask");
            return ValueTask.FromResult(new PermissionAnswer(answer));
        }
    }

    private sealed class RecordingExecutor(ConcurrentQueue<string> log) : IHookExecutor
    {
        public ConcurrentDictionary<string, string> Inputs { get; } = new();

        public ConcurrentDictionary<string, string> Answers { get; } = new();

        public Task<HookExecution> ExecuteAsync(HookRequest request, CancellationToken cancellationToken)
        {
            var name = request.Handler.Command!;
            log.Enqueue("hook:" + name);
            Inputs[name] = request.Input;
            return Task.FromResult(new HookExecution(0, Answers.TryGetValue(name, out var answer) ? answer : string.Empty, string.Empty));
        }
    }
}
