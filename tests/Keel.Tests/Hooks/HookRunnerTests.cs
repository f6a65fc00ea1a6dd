using System.Collections.Concurrent;
using System.Text.Json;
using Keel.Core.Hooks;
using Keel.Core.Messages;
using Keel.Tests.Core.Settings;

namespace Keel.Tests.Hooks;

public sealed class HookRunnerTests
{
    [Fact]
    public async Task Matching_handlers_run_in_parallel_and_duplicates_run_once()
    {
        var executor = new GateExecutor(expected: 2);
        var runner = Runner(executor, """
            { "hooks": { "PreToolUse": [
                { "matcher": "Bash", "hooks": [ { "type": "command", "command": "one" }, { "type": "command", "command": "two" } ] },
                { "matcher": "*", "hooks": [ { "type": "command", "command": "one" } ] },
                { "matcher": "Write", "hooks": [ { "type": "command", "command": "three" } ] } ] } }
            """);

        // Each handler waits until both have started: this only finishes if they run together.
        var outcome = await runner.PreToolUseAsync(Call("Bash", """{"command":"ls"}"""), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        executor.Commands.OrderBy(static c => c, StringComparer.Ordinal).ShouldBe(["one", "two"]);
        outcome.Invocations.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Decisions_combine_deny_over_ask_over_allow_and_every_invocation_is_logged()
    {
        var executor = new ScriptedExecutor(new()
        {
            ["allow"] = new HookExecution(0, """{"hookSpecificOutput":{"permissionDecision":"allow"}}""", string.Empty),
            ["deny"] = new HookExecution(0, """{"hookSpecificOutput":{"permissionDecision":"deny","permissionDecisionReason":"no"}}""", string.Empty),
            ["ask"] = new HookExecution(0, """{"hookSpecificOutput":{"permissionDecision":"ask"}}""", string.Empty),
        });
        var runner = Runner(executor, """
            { "hooks": { "PreToolUse": [ { "hooks": [ { "command": "allow" }, { "command": "deny" }, { "command": "ask" } ] } ] } }
            """);
        var log = new ListLog();
        runner.Logs.Add(log);

        var outcome = await runner.PreToolUseAsync(Call("Bash", """{"command":"ls"}"""), CancellationToken.None);

        outcome.PermissionDecision.ShouldBe("deny");
        outcome.PermissionReason.ShouldBe("no");
        log.Items.Select(static i => i.Decision).OrderBy(static d => d, StringComparer.Ordinal).ShouldBe(["allow", "ask", "deny"]);
        log.Items.ShouldAllBe(i => i.Event == HookEvent.PreToolUse && i.ExitCode == 0);
    }

    [Fact]
    public async Task An_if_condition_is_a_permission_rule_matched_against_the_call()
    {
        var executor = new ScriptedExecutor([]);
        var runner = Runner(executor, """
            { "hooks": { "PreToolUse": [ { "matcher": "Bash", "hooks": [ { "command": "git-only", "if": "Bash(git *)" } ] } ] } }
            """);

        await runner.PreToolUseAsync(Call("Bash", """{"command":"ls -la"}"""), CancellationToken.None);
        executor.Commands.ShouldBeEmpty();

        await runner.PreToolUseAsync(Call("Bash", """{"command":"cd src && git push origin main"}"""), CancellationToken.None);
        executor.Commands.ShouldBe(["git-only"]);
    }

    [Fact]
    public async Task The_input_carries_the_common_and_event_fields()
    {
        var executor = new ScriptedExecutor([]);
        var runner = Runner(executor, """{ "hooks": { "Stop": [ { "hooks": [ { "command": "s" } ] } ] } }""");

        await runner.StopAsync(stopHookActive: true, "all done", CancellationToken.None);

        using var input = JsonDocument.Parse(executor.Inputs.Single());
        var root = input.RootElement;
        root.GetProperty("session_id").GetString().ShouldBe("sid");
        root.GetProperty("hook_event_name").GetString().ShouldBe("Stop");
        root.GetProperty("permission_mode").GetString().ShouldBe("default");
        root.GetProperty("transcript_path").GetString().ShouldBe("/tmp/t.jsonl");
        root.GetProperty("stop_hook_active").GetBoolean().ShouldBeTrue();
        root.GetProperty("last_assistant_message").GetString().ShouldBe("all done");
    }

    [Fact]
    public async Task An_event_without_hooks_runs_nothing()
    {
        var executor = new ScriptedExecutor([]);
        var runner = Runner(executor, """{ "hooks": { "Stop": [ { "hooks": [ { "command": "s" } ] } ] } }""");

        (await runner.UserPromptSubmitAsync("hi", CancellationToken.None)).ShouldBeSameAs(HookOutcome.None);
        executor.Commands.ShouldBeEmpty();
    }

    private static HookRunner Runner(IHookExecutor executor, string settings)
    {
        using var sandbox = new SettingsSandbox();
        sandbox.Write(".claude/settings.json", settings);
        var warnings = new List<string>();
        var config = HookConfiguration.Load(sandbox.Load(), projectTrusted: true, warnings);
        warnings.ShouldBeEmpty();
        var project = Directory.GetCurrentDirectory();
        var info = new HookSessionInfo("sid", "/tmp/t.jsonl", project, () => project, () => "default");
        return new HookRunner(config, executor, info, TimeProvider.System) { Conditions = new HookConditions(project, Path.GetTempPath(), Catalog()) };
    }

    private static Keel.Core.Tools.ToolCatalog Catalog()
    {
        var catalog = new Keel.Core.Tools.ToolCatalog();
        catalog.Register(Keel.Tests.Tools.BuiltInToolsForTests.All());
        return catalog;
    }

    private static ToolUseBlock Call(string name, string input) => new("toolu_1", name, JsonDocument.Parse(input).RootElement.Clone());

    private sealed class ScriptedExecutor(Dictionary<string, HookExecution> answers) : IHookExecutor
    {
        public ConcurrentQueue<string> Commands { get; } = new();

        public ConcurrentQueue<string> Inputs { get; } = new();

        public Task<HookExecution> ExecuteAsync(HookRequest request, CancellationToken cancellationToken)
        {
            Commands.Enqueue(request.Handler.Command!);
            Inputs.Enqueue(request.Input);
            return Task.FromResult(answers.TryGetValue(request.Handler.Command!, out var answer) ? answer : new HookExecution(0, string.Empty, string.Empty));
        }
    }

    private sealed class GateExecutor(int expected) : IHookExecutor
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _started;

        public ConcurrentQueue<string> Commands { get; } = new();

        public async Task<HookExecution> ExecuteAsync(HookRequest request, CancellationToken cancellationToken)
        {
            Commands.Enqueue(request.Handler.Command!);
            if (Interlocked.Increment(ref _started) == expected)
            {
                _all.SetResult();
            }

            await _all.Task;
            return new HookExecution(0, string.Empty, string.Empty);
        }
    }

    private sealed class ListLog : IHookLog
    {
        public ConcurrentQueue<HookInvocation> Items { get; } = new();

        public void Record(HookInvocation invocation) => Items.Enqueue(invocation);
    }
}
