using System.Text.Json;
using Keel.Core.Agent;
using Keel.Core.Hooks;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Tools;
using Keel.Core.Tools.Pipeline;
using Keel.Tests.Core.Fakes;
using Keel.Tests.Core.Settings;

namespace Keel.Tests.Core.Tools;

/// <summary>Which calls start while the response streams: read-only ones allowed without asking, in order, with no PreToolUse hook.</summary>
public sealed class EarlyToolStartsTests : IDisposable
{
    private readonly string _project = Directory.CreateTempSubdirectory("keel-early-").FullName;

    private readonly FakeTool _probe = new("Probe", readOnly: true, (_, _) => Task.FromResult(ToolResult.Success("read"))) { StartsEarly = true };

    private readonly FakeTool _edit = new("Edit", readOnly: false, (_, _) => Task.FromResult(ToolResult.Success("edited")));

    private readonly FakeTool _search = new("WebSearch", readOnly: true, (_, _) => Task.FromResult(ToolResult.Success("found")));

    [Fact]
    public async Task A_read_only_call_allowed_without_asking_starts_when_its_block_completes()
    {
        await using var early = new EarlyToolStarts(Pipeline(PermissionMode.BypassPermissions), CancellationToken.None);

        await early.ObserveAsync(Completed("toolu_1", "Probe"));

        early.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Calls_start_in_order_only_so_nothing_runs_before_a_call_the_model_made_earlier()
    {
        await using var early = new EarlyToolStarts(Pipeline(PermissionMode.BypassPermissions), CancellationToken.None);

        await early.ObserveAsync(Completed("toolu_1", "Probe"));
        await early.ObserveAsync(Completed("toolu_2", "Edit"));
        await early.ObserveAsync(Completed("toolu_3", "Probe"));

        early.Count.ShouldBe(1);
        _edit.Calls.ShouldBe(0);
    }

    [Fact]
    public async Task A_concurrency_safe_call_that_does_not_say_it_starts_early_waits()
    {
        // WebSearch-like: read-only and parallel, but it reaches the network, so it waits for a complete response.
        await using var early = new EarlyToolStarts(Pipeline(PermissionMode.BypassPermissions), CancellationToken.None);

        await early.ObserveAsync(Completed("toolu_1", "WebSearch"));
        await early.ObserveAsync(Completed("toolu_2", "Probe"));

        early.Count.ShouldBe(0);
    }

    [Fact]
    public async Task A_call_that_would_ask_the_user_does_not_start_early()
    {
        var ask = PermissionRuleParser.Parse("Probe", PermissionBehavior.Ask, "cliArg", _project).Rule!;
        await using var early = new EarlyToolStarts(Pipeline(PermissionMode.BypassPermissions, [ask]), CancellationToken.None);

        await early.ObserveAsync(Completed("toolu_1", "Probe"));

        early.Count.ShouldBe(0);
    }

    [Theory]
    [InlineData("*", null)]
    [InlineData("Probe", null)]
    [InlineData("Edit|Probe", null)]
    [InlineData("Pro.*", null)]
    [InlineData("*", "Probe")]
    public async Task A_call_a_PreToolUse_hook_matches_does_not_start_early(string matcher, string? condition)
    {
        var pipeline = Pipeline(PermissionMode.BypassPermissions);
        pipeline = pipeline.With(parts => parts with { Hooks = PreToolUseHook(matcher, condition) });
        await using var early = new EarlyToolStarts(pipeline, CancellationToken.None);

        await early.ObserveAsync(Completed("toolu_1", "Probe"));

        early.Count.ShouldBe(0);
    }

    [Theory]
    [InlineData("Edit", null)]
    [InlineData("Edit|Write", null)]
    [InlineData("Pr", null)]
    [InlineData("*", "Edit")]
    [InlineData("Probe", "Edit")]
    public async Task A_call_no_PreToolUse_hook_matches_starts_early_and_runs_no_hook(string matcher, string? condition)
    {
        var pipeline = Pipeline(PermissionMode.BypassPermissions);
        pipeline = pipeline.With(parts => parts with { Hooks = PreToolUseHook(matcher, condition) });
        await using var early = new EarlyToolStarts(pipeline, CancellationToken.None);

        var completed = Completed("toolu_1", "Probe");
        await early.ObserveAsync(completed);

        early.Count.ShouldBe(1);
        var (calls, _) = await early.TakeOverAsync([(ToolUseBlock)completed.Block], _ => { });
        var outcome = await calls.ShouldHaveSingleItem().Run;
        outcome.Result.Text.ShouldBe("read");
        _probe.Calls.ShouldBe(1);
    }

    [Fact]
    public async Task A_new_attempt_drops_the_calls_of_the_previous_one()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = false;
        var blocking = new FakeTool("Probe", readOnly: true, async (_, ct) =>
        {
            gate.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }

            return ToolResult.Success("unreachable");
        }) { StartsEarly = true };
        await using var early = new EarlyToolStarts(Pipeline(PermissionMode.BypassPermissions, tools: [blocking]), CancellationToken.None);
        await early.ObserveAsync(Completed("toolu_1", "Probe"));
        await gate.Task;

        await early.ObserveAsync(new RequestStarted(1, 2));

        cancelled.ShouldBeTrue();
        early.Count.ShouldBe(0);
    }

    public void Dispose() => Directory.Delete(_project, recursive: true);

    private ToolPipeline Pipeline(PermissionMode mode, IReadOnlyList<PermissionRule>? rules = null, IReadOnlyList<ITool>? tools = null)
    {
        var engine = new PermissionEngine(new PermissionContext(_project, [], Path.Combine(_project, ".home"), mode, rules ?? []));
        var session = new ToolSession(_project, [], Path.Combine(_project, ".session"), TimeProvider.System) { Paths = engine.Paths };
        return new ToolPipeline(new ToolPipelineParts(tools ?? [_probe, _edit, _search], engine, new PrompterAsker(new DenyingPrompter()), session));
    }

    private HookRunner PreToolUseHook(string matcher, string? condition)
    {
        using var sandbox = new SettingsSandbox();
        var ifField = condition is null ? string.Empty : $", \"if\": \"{condition}\"";
        sandbox.Write(".claude/settings.json", $$"""
            { "hooks": { "PreToolUse": [ { "matcher": "{{matcher}}", "hooks": [ { "type": "command", "command": "true"{{ifField}} } ] } ] } }
            """);
        var config = HookConfiguration.Load(sandbox.Load(), projectTrusted: true, new List<string>());
        var info = new HookSessionInfo("sid", null, _project, () => _project, () => "default");
        return new HookRunner(config, new RefusingExecutor(), info, TimeProvider.System)
        {
            Conditions = new HookConditions(_project, Path.Combine(_project, ".home")),
        };
    }

    private static AssistantBlockCompleted Completed(string id, string name) =>
        new("msg_1", "claude-sonnet-5-5", new ToolUseBlock(id, name, JsonDocument.Parse("{}").RootElement.Clone()), Usage.Zero, null);

    /// <summary>No hook may run for a call of a response that is still streaming.</summary>
    private sealed class RefusingExecutor : IHookExecutor
    {
        public Task<HookExecution> ExecuteAsync(HookRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("a hook ran for a call that started early");
    }
}
