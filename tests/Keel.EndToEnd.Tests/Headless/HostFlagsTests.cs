using System.Text.Json.Nodes;
using Keel.EndToEnd.Tests.StreamInput;
using Keel.Testing.FakeServer;
using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests.Headless;

/// <summary>The flags the Agent SDK and ACP adapters pass on keel's command line, through the installed binary.</summary>
public sealed class HostFlagsTests
{
    [Fact]
    public async Task The_argv_the_agent_sdk_builds_starts_a_session_and_each_flag_takes_effect()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("Hello from keel."));
        var debugFile = Path.Combine(s.Workspace.Home, "logs", "debug.txt");
        var extra = Path.Combine(s.Workspace.Path, "extra");
        Directory.CreateDirectory(extra);
        string[] argv =
        [
            "--output-format", "stream-json", "--verbose", "--input-format", "stream-json",
            "--thinking=adaptive", "--thinking-display=summarized", "--effort=xhigh", "--max-turns=3", "--model=sonnet",
            "--betas=context-1m-2025-08-07,fine-grained-tool-streaming-2025-05-14", "--debug=startup", $"--debug-file={debugFile}",
            "--permission-prompt-tool=stdio", "--allowedTools=Read", "--tools=Read,Bash", "--setting-sources=user,project,local",
            "--permission-mode=default", "--allow-dangerously-skip-permissions", "--include-hook-events", "--include-partial-messages",
            "--session-mirror", $"--add-dir={extra}", "--plugin-dir=/nowhere/plugin", "--task-budget=50000",
            "--settings", "{}",
        ];

        var result = await s.RunAsync(argv, stdin: StreamInputTests.User("hi") + "\n");

        result.ExitCode.ShouldBe(0, result.ToString());
        StreamJsonLines.OfType(StreamJsonLines.Parse(result.Stdout), "result").Single()["result"]!.GetValue<string>().ShouldBe("Hello from keel.");
        var request = s.Server.MessageRequests.Single();
        request.Tools!.Select(t => t!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal).ShouldBe(["Bash", "Read"]);
        request.Headers["anthropic-beta"].ShouldContain("context-1m-2025-08-07");
        request.Headers["anthropic-beta"].ShouldContain("fine-grained-tool-streaming-2025-05-14");
        request.Json!["thinking"]!["type"]!.GetValue<string>().ShouldBe("adaptive");
        request.Json["thinking"]!["display"]!.GetValue<string>().ShouldBe("summarized");
        request.Json["output_config"]!["effort"]!.GetValue<string>().ShouldBe("xhigh");
        File.ReadAllText(debugFile).ShouldContain("[startup]");
        result.Stderr.ShouldNotContain("[startup]");
        result.Stderr.ShouldContain("Keel does not load plugins yet");
    }

    [Fact]
    public async Task The_rest_of_the_flags_the_SDK_argv_code_can_pass_are_accepted_with_initialize_delivered_fields()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("Accepted."));
        var sessionId = Guid.NewGuid().ToString();
        string[] argv =
        [
            "--output-format", "stream-json", "--verbose", "--input-format", "stream-json",
            "--max-thinking-tokens=2048", "--max-budget-usd=5", "--agent=general-purpose", "--permission-prompts=none",
            "--channels=plugin:notes@example", "--disallowedTools=Write", "--mcp-config", """{"mcpServers":{}}""", "--strict-mcp-config",
            "--fallback-model=haiku", $"--project-config-root={s.Workspace.Path}", "--plugin-dir-no-mcp=/nowhere/plugin",
            $"--session-id={sessionId}", "--no-session-persistence", "--initialize-fields=settings,disallowedTools",
            "--managed-settings-in-initialize", "--await-initialize", "--debug-to-stderr",
        ];
        var initialize = StreamInputTests.Control("init", new JsonObject
        {
            ["subtype"] = "initialize",
            ["settings"] = new JsonObject { ["env"] = new JsonObject { ["FROM_HOST"] = "1" } },
            ["disallowedTools"] = new JsonArray("Bash"),
            ["managedSettings"] = new JsonObject(),
        });

        var result = await s.RunAsync(argv, stdin: initialize + "\n" + StreamInputTests.User("hi") + "\n");

        result.ExitCode.ShouldBe(0, result.ToString());
        var lines = StreamJsonLines.Parse(result.Stdout);
        var answer = StreamInputTests.ResponseTo(lines, "init")["response"]!;
        answer["settings_applied"]!.GetValue<bool>().ShouldBeTrue();
        answer["disallowed_tools_applied"]!.GetValue<bool>().ShouldBeTrue();
        answer["managed_settings_applied"]!.GetValue<bool>().ShouldBeTrue();
        var final = StreamJsonLines.OfType(lines, "result").Single();
        final["result"]!.GetValue<string>().ShouldBe("Accepted.");
        final["session_id"]!.GetValue<string>().ShouldBe(sessionId);
        var tools = s.Server.MessageRequests.Single().ToolNames;
        tools.ShouldNotContain("Write");
        tools.ShouldNotContain("Bash");
        tools.ShouldContain("Read");
        Directory.Exists(Path.Combine(s.Workspace.ConfigDir, "projects")).ShouldBeFalse("--no-session-persistence writes no transcript");
    }

    [Fact]
    public async Task Replayed_user_messages_come_back_with_the_hosts_uuid_before_the_answer()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("Answer."));
        var user = JsonNode.Parse(StreamInputTests.User("echo me"))!;
        user["uuid"] = "0f8fad5b-d9cb-469f-a165-70867728950e";
        string[] argv = ["--output-format", "stream-json", "--verbose", "--input-format", "stream-json", "--replay-user-messages", ""];

        var result = await s.RunAsync(argv, stdin: user.ToJsonString() + "\n");

        result.ExitCode.ShouldBe(0, result.ToString());
        var lines = StreamJsonLines.Parse(result.Stdout).ToList();
        var echo = lines.Single(l => l["type"]!.GetValue<string>() == "user" && l["isReplay"]?.GetValue<bool>() == true);
        echo["uuid"]!.GetValue<string>().ShouldBe("0f8fad5b-d9cb-469f-a165-70867728950e");
        echo["message"]!["content"]!.GetValue<string>().ShouldBe("echo me");
        lines.IndexOf(echo).ShouldBeLessThan(lines.IndexOf(StreamJsonLines.OfType(lines, "result").Single()));
        s.Server.MessageRequests.Single().BodyText.ShouldContain("echo me");
    }

    [Fact]
    public async Task Setting_sources_without_project_leave_the_project_settings_unread()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".claude/settings.json", """{"env":{"FROM_PROJECT":"project-value"}}""");
        s.Script(Turn.ToolUse("Bash", """{"command":"echo \"value=$FROM_PROJECT\""}"""), Turn.Text("Done."));
        s.Script(Turn.ToolUse("Bash", """{"command":"echo \"value=$FROM_PROJECT\""}"""), Turn.Text("Done."));

        var all = await s.RunAsync("-p", "show it", "--allowedTools", "Bash");
        var userOnly = await s.RunAsync("-p", "show it", "--allowedTools", "Bash", "--setting-sources=user");

        all.ExitCode.ShouldBe(0, all.ToString());
        userOnly.ExitCode.ShouldBe(0, userOnly.ToString());
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single()).ShouldContain("value=project-value");
        var unread = Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[3]).Single());
        unread.ShouldContain("value=");
        unread.ShouldNotContain("project-value");
    }

    [Fact]
    public async Task A_forked_resume_continues_under_a_new_id_and_leaves_the_old_transcript_alone()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("First answer."), Turn.Text("Forked answer."), Turn.Text("Third answer."));

        var first = Scenario.ParseJson(await s.RunAsync("-p", "the first prompt", "--output-format", "json"));
        var original = first["session_id"]!.GetValue<string>();
        var forked = await s.RunAsync("-p", "the forked prompt", "--resume", original, "--fork-session", "--output-format", "json");
        var forkedId = Scenario.ParseJson(forked)["session_id"]!.GetValue<string>();
        var third = await s.RunAsync("-p", "the third prompt", "-c");

        forked.ExitCode.ShouldBe(0, forked.ToString());
        forkedId.ShouldNotBe(original);
        s.Server.MessageRequests[1].BodyText.ShouldContain("the first prompt");
        third.ExitCode.ShouldBe(0, third.ToString());
        s.Server.MessageRequests[2].BodyText.ShouldContain("the first prompt");
        s.Server.MessageRequests[2].BodyText.ShouldContain("the forked prompt");
        var sessions = Directory.GetFiles(s.Workspace.ConfigDir, original + ".jsonl", SearchOption.AllDirectories).Single();
        File.ReadAllText(sessions).ShouldNotContain("the forked prompt");
    }

    [Fact]
    public async Task Resume_session_at_drops_the_turns_after_that_message()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("First answer."), Turn.Text("Second answer."), Turn.Text("Third answer."), Turn.Text("Fourth answer."));
        var id = Scenario.ParseJson(await s.RunAsync("-p", "the first prompt", "--output-format", "json"))["session_id"]!.GetValue<string>();
        (await s.RunAsync("-p", "the second prompt", "--resume", id)).ExitCode.ShouldBe(0);
        var transcript = Directory.GetFiles(s.Workspace.ConfigDir, id + ".jsonl", SearchOption.AllDirectories).Single();
        var firstAnswer = File.ReadLines(transcript).Select(l => JsonNode.Parse(l)!).First(n => n["type"]?.GetValue<string>() == "assistant");

        var result = await s.RunAsync("-p", "the third prompt", "--resume", id, "--resume-session-at", firstAnswer["uuid"]!.GetValue<string>());
        var again = await s.RunAsync("-p", "the fourth prompt", "--resume", id);

        result.ExitCode.ShouldBe(0, result.ToString());
        var sent = s.Server.MessageRequests[2].BodyText;
        sent.ShouldContain("the first prompt");
        sent.ShouldContain("First answer.");
        sent.ShouldNotContain("the second prompt");
        again.ExitCode.ShouldBe(0, again.ToString());
        s.Server.MessageRequests[3].BodyText.ShouldNotContain("the second prompt");
        s.Server.MessageRequests[3].BodyText.ShouldContain("the third prompt");
    }

    [Fact]
    public async Task Auto_mode_and_a_resume_point_without_resume_are_refused_with_a_reason()
    {
        await using var s = await Scenario.StartAsync();

        var auto = await s.RunAsync("-p", "hi", "--permission-mode", "auto");
        var orphan = await s.RunAsync("-p", "hi", "--resume-session-at", Guid.NewGuid().ToString());

        auto.ExitCode.ShouldBe(2);
        auto.Stderr.ShouldContain("no auto mode");
        orphan.ExitCode.ShouldBe(2);
        orphan.Stderr.ShouldContain("--resume-session-at needs --resume");
        s.Server.MessageRequests.ShouldBeEmpty();
    }
}
