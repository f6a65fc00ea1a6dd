using System.Collections.Concurrent;
using System.Text.Json;
using Keel.Core.Hooks;
using Keel.Core.Messages;
using Keel.Core.Tasks;
using Keel.Tests.Core.Settings;
using Keel.Tools.Hooks;

namespace Keel.Tests.Hooks;

/// <summary>async, asyncRewake and once handlers in the runner; the parser's new fields; prompt answers; CLAUDE_ENV_FILE lines.</summary>
public sealed class HookHandlerOptionsTests
{
    [Fact]
    public async Task An_async_handler_does_not_hold_up_the_event_and_its_decision_is_not_used()
    {
        var executor = new HeldExecutor();
        var runner = Runner(executor, """
            { "hooks": { "PreToolUse": [ { "hooks": [ { "command": "slow", "async": true }, { "command": "quick" } ] } ] } }
            """);
        executor.Answers["slow"] = new HookExecution(2, string.Empty, "would block");

        // The held handler has not finished, yet the event's outcome is ready and allows the call.
        var outcome = await runner.PreToolUseAsync(Call("Bash", """{"command":"ls"}"""), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        outcome.Blocked.ShouldBeFalse();
        outcome.Invocations.Select(static i => i.Handler).ShouldBe(["quick"]);
        var drained = runner.DrainAsync();
        drained.IsCompleted.ShouldBeFalse();
        executor.Release("slow");
        await drained.WaitAsync(TimeSpan.FromSeconds(10));
        executor.Started.OrderBy(static c => c, StringComparer.Ordinal).ShouldBe(["quick", "slow"]);
    }

    [Fact]
    public async Task An_async_rewake_handler_keeps_the_session_waiting_and_its_exit_2_leaves_its_stderr_for_the_model()
    {
        var executor = new HeldExecutor();
        executor.Answers["lint"] = new HookExecution(2, string.Empty, "lint: 2 errors in app.js\n");
        var runner = Runner(executor, """
            { "hooks": { "PostToolUse": [ { "hooks": [ { "command": "lint", "asyncRewake": true } ] } ] } }
            """);
        var background = new BackgroundTasks();
        runner.Rewake = background;

        await runner.PostToolUseAsync(Call("Edit", """{"file_path":"/tmp/app.js"}"""), Keel.Core.Tools.ToolResult.Success("ok"), TimeSpan.Zero, Keel.Core.Tools.Pipeline.ToolCaller.Main, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        background.HasPendingNotifications.ShouldBeTrue();
        background.DrainNotifications().ShouldBeEmpty();
        var woken = background.WaitForNotificationAsync(CancellationToken.None);
        executor.Release("lint");
        await woken.WaitAsync(TimeSpan.FromSeconds(10));
        await runner.DrainAsync();
        var note = background.DrainNotifications().ShouldHaveSingleItem();
        note.ShouldContain("PostToolUse");
        note.ShouldContain("lint: 2 errors in app.js");
        background.HasPendingNotifications.ShouldBeFalse();
    }

    [Fact]
    public async Task An_async_rewake_handler_that_succeeds_leaves_no_note_and_stops_the_wait()
    {
        var executor = new HeldExecutor();
        var runner = Runner(executor, """
            { "hooks": { "PostToolUse": [ { "hooks": [ { "command": "lint", "asyncRewake": true } ] } ] } }
            """);
        var background = new BackgroundTasks();
        runner.Rewake = background;

        await runner.PostToolUseAsync(Call("Edit", """{"file_path":"/tmp/app.js"}"""), Keel.Core.Tools.ToolResult.Success("ok"), TimeSpan.Zero, Keel.Core.Tools.Pipeline.ToolCaller.Main, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var waiting = background.WaitForNotificationAsync(CancellationToken.None);
        executor.Release("lint");

        // The waiter wakes to look again and finds nothing pending.
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        await runner.DrainAsync();
        background.DrainNotifications().ShouldBeEmpty();
        background.HasPendingNotifications.ShouldBeFalse();
    }

    [Fact]
    public async Task The_status_message_of_a_handler_the_event_waits_for_is_shown_while_it_runs()
    {
        var executor = new HeldExecutor();
        var runner = Runner(executor, """
            { "hooks": { "PreToolUse": [ { "hooks": [
                { "command": "check", "statusMessage": "Checking the command…" },
                { "command": "background", "async": true, "statusMessage": "Not waited for" } ] } ] } }
            """);

        runner.StatusMessage.ShouldBeNull();
        var running = runner.PreToolUseAsync(Call("Bash", """{"command":"ls"}"""), CancellationToken.None);
        // Handlers start synchronously up to their first wait, so "check" is running now.
        executor.Started.ShouldContain("check");
        runner.StatusMessage.ShouldBe("Checking the command…");
        executor.Release("check");
        await running.WaitAsync(TimeSpan.FromSeconds(10));
        runner.StatusMessage.ShouldBeNull();
        executor.Release("background");
        await runner.DrainAsync();
    }

    [Fact]
    public async Task A_once_handler_runs_for_the_first_matching_event_only()
    {
        var executor = new HeldExecutor { HoldNothing = true };
        var runner = Runner(executor, """
            { "hooks": { "PreToolUse": [ { "hooks": [ { "command": "setup", "once": true }, { "command": "every" } ] } ] } }
            """);

        for (var i = 0; i < 3; i++)
        {
            await runner.PreToolUseAsync(Call("Bash", """{"command":"ls"}"""), CancellationToken.None);
        }

        executor.Started.Count(static c => c == "setup").ShouldBe(1);
        executor.Started.Count(static c => c == "every").ShouldBe(3);
    }

    [Fact]
    public async Task Prompt_and_agent_handlers_get_their_own_default_timeouts()
    {
        var executor = new HeldExecutor { HoldNothing = true };
        var runner = Runner(executor, """
            { "hooks": { "PreToolUse": [ { "hooks": [
                { "type": "prompt", "prompt": "p?" }, { "type": "agent", "prompt": "a?" }, { "command": "c" }, { "type": "prompt", "prompt": "q?", "timeout": 5 } ] } ] } }
            """);

        await runner.PreToolUseAsync(Call("Bash", """{"command":"ls"}"""), CancellationToken.None);

        executor.Timeouts["prompt: p?"].ShouldBe(TimeSpan.FromSeconds(30));
        executor.Timeouts["agent: a?"].ShouldBe(TimeSpan.FromSeconds(60));
        executor.Timeouts["c"].ShouldBe(TimeSpan.FromSeconds(600));
        executor.Timeouts["prompt: q?"].ShouldBe(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void The_parser_reads_the_handler_options_and_asyncRewake_implies_async()
    {
        var (handler, error) = Parse("""{ "type": "command", "command": "x", "asyncRewake": true, "once": true, "statusMessage": "Linting…" }""");
        error.ShouldBeNull();
        handler!.Async.ShouldBeTrue();
        handler.AsyncRewake.ShouldBeTrue();
        handler.Once.ShouldBeTrue();
        handler.StatusMessage.ShouldBe("Linting…");

        var (prompt, _) = Parse("""{ "type": "prompt", "prompt": "Is $ARGUMENTS safe?", "model": "sonnet" }""");
        prompt!.IsModel.ShouldBeTrue();
        prompt.Model.ShouldBe("sonnet");
        prompt.Async.ShouldBeFalse();

        Parse("""{ "type": "agent" }""").Error.ShouldBe("a hook of type \"agent\" has no \"prompt\"");
        var (mcp, mcpError) = Parse("""{ "type": "mcp_tool", "server": "policy", "tool": "check", "input": { "path": "${tool_input.file_path}" } }""");
        mcpError.ShouldBeNull();
        mcp!.IsMcpTool.ShouldBeTrue();
        (mcp.Server, mcp.Tool).ShouldBe(("policy", "check"));
        mcp.ToolArguments!.Value.GetProperty("path").GetString().ShouldBe("${tool_input.file_path}");
        Parse("""{ "type": "mcp_tool", "server": "s" }""").Error.ShouldBe("an mcp_tool hook needs \"server\" and \"tool\"");
        Parse("""{ "type": "mcp_tool", "server": "s", "tool": "t", "input": "x" }""").Error!.ShouldContain("must be an object");
    }

    [Theory]
    [InlineData("""{"ok": true}""", 0, "")]
    [InlineData("""Looks fine. {"ok": true, "reason": "harmless"}""", 0, "")]
    [InlineData("""{"ok": false, "reason": "it deletes the build"}""", 2, "it deletes the build")]
    [InlineData("""{"ok": false}""", 2, "the hook's model said no (no reason given)")]
    public void A_model_answer_becomes_an_exit_code(string answer, int exit, string stderr)
    {
        var execution = ModelHookExecutor.Decide(answer);

        execution.ExitCode.ShouldBe(exit);
        execution.Stderr.ShouldBe(stderr);
    }

    [Theory]
    [InlineData("I think it is fine")]
    [InlineData("{\"ok\": \"yes\"}")]
    [InlineData("{not json}")]
    public void An_answer_that_is_not_ok_json_is_a_hook_error_that_says_what_came_back(string answer)
    {
        var execution = ModelHookExecutor.Decide(answer);

        execution.ExitCode.ShouldBeNull();
        execution.StartError!.ShouldStartWith("the model did not answer with {\"ok\": ...}: ");
        execution.StartError.ShouldContain(answer);
    }

    [Fact]
    public void The_env_file_gives_export_and_plain_assignments_and_skips_everything_else()
    {
        var path = Path.Combine(Path.GetTempPath(), $"keel-env-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, """
            # set up by the hook
            export GREETING="hello \"there\""
            TOOLCHAIN=/opt/tool
            export QUOTED='a b'
            echo not a variable
            export 9BAD=x
            """);
        try
        {
            HookEnvFile.Read(path).ShouldBe([("GREETING", "hello \"there\""), ("TOOLCHAIN", "/opt/tool"), ("QUOTED", "a b")]);
        }
        finally
        {
            File.Delete(path);
        }

        HookEnvFile.Read(path).ShouldBeEmpty();
    }

    private static (HookHandler? Handler, string? Error) Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return HookHandlerParser.Parse(document.RootElement);
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
        return new HookRunner(config, executor, info, TimeProvider.System);
    }

    private static ToolUseBlock Call(string name, string input) => new("toolu_1", name, JsonDocument.Parse(input).RootElement.Clone());

    /// <summary>Each handler (by its display) waits until the test releases it, unless <see cref="HoldNothing"/>.</summary>
    private sealed class HeldExecutor : IHookExecutor
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource> _gates = new(StringComparer.Ordinal);

        public bool HoldNothing { get; init; }

        public ConcurrentDictionary<string, HookExecution> Answers { get; } = new(StringComparer.Ordinal);

        public ConcurrentQueue<string> Started { get; } = new();

        public ConcurrentDictionary<string, TimeSpan> Timeouts { get; } = new(StringComparer.Ordinal);

        public void Release(string name) => Gate(name).TrySetResult();

        public async Task<HookExecution> ExecuteAsync(HookRequest request, CancellationToken cancellationToken)
        {
            var name = request.Handler.Display;
            Started.Enqueue(name);
            Timeouts[name] = request.Timeout;
            if (!HoldNothing && name != "quick")
            {
                await Gate(name).Task.WaitAsync(cancellationToken);
            }

            return Answers.TryGetValue(name, out var answer) ? answer : new HookExecution(0, string.Empty, string.Empty);
        }

        private TaskCompletionSource Gate(string name) => _gates.GetOrAdd(name, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
