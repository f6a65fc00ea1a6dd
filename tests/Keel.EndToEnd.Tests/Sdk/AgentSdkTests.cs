using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Sdk;

/// <summary>
/// The official TypeScript Agent SDK (<c>@anthropic-ai/claude-agent-sdk</c>, pinned in tests/fixtures/sdk) drives the
/// installed keel against the fake model server: what an SDK user writes works, and the model saw what it should.
/// </summary>
public sealed class AgentSdkTests
{
    private static string SystemText(RecordedRequest request) => request.System switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray a => string.Join("\n", a.Select(static b => (string?)b!["text"])),
        _ => string.Empty,
    };

    private static string LastUserText(RecordedRequest request) => request.Messages![^1]!["content"]!.ToJsonString();

    [Fact]
    public async Task A_query_streams_init_the_answer_and_a_success_result()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("Hello from the fake model."));

        var run = await SdkDriver.RunAsync(s, "query");

        run.ShouldBeDone();
        var init = run.System("init").ShouldHaveSingleItem();
        init["tools"]!.AsArray().Select(static t => (string?)t).ShouldContain("Read");
        init["claude_code_version"].ShouldNotBeNull();
        run.Messages.ShouldContain(m => (string?)m["type"] == "assistant" && m["message"]!["content"]![0]!["text"]!.GetValue<string>() == "Hello from the fake model.");
        var result = run.Results.ShouldHaveSingleItem();
        ((string?)result["subtype"]).ShouldBe("success");
        ((string?)result["result"]).ShouldBe("Hello from the fake model.");
        result["api_error_status"].ShouldBeNull();
        run.System("session_state_changed").Select(static m => (string?)m["state"]).ShouldBe(["running", "idle"]);
    }

    [Fact]
    public async Task A_tool_task_writes_the_file_and_reports_the_tool_result()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("Write", """{"file_path":"notes.txt","content":"written through the SDK"}"""), Turn.Text("Done."));

        var run = await SdkDriver.RunAsync(s, "tool_task");

        run.ShouldBeDone();
        File.ReadAllText(Path.Combine(s.Workspace.Path, "notes.txt")).ShouldBe("written through the SDK");
        var toolResult = run.Messages.Single(m => (string?)m["type"] == "user");
        toolResult["message"]!["content"]![0]!["type"]!.GetValue<string>().ShouldBe("tool_result");
        toolResult["timestamp"]!.GetValue<string>().ShouldEndWith("Z");
        ((string?)run.Results.Single()["result"]).ShouldBe("Done.");
    }

    [Fact]
    public async Task CanUseTool_allows_with_an_edited_input_and_denies_with_a_message()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("Write", """{"file_path":"allowed.txt","content":"from the model"}"""),
            Turn.ToolUse("Write", """{"file_path":"denied.txt","content":"x"}"""),
            Turn.Text("Finished."));

        var run = await SdkDriver.RunAsync(s, "can_use_tool");

        run.ShouldBeDone();
        var asks = run.Notes("can_use_tool");
        asks.Count.ShouldBe(2);
        asks.ShouldAllBe(a => (string?)a["toolName"] == "Write" && !string.IsNullOrEmpty((string?)a["toolUseID"]));
        run.System("session_state_changed").Select(static m => (string?)m["state"]).ShouldBe(["running", "requires_action", "running", "requires_action", "running", "idle"]);
        File.ReadAllText(Path.Combine(s.Workspace.Path, "allowed.txt")).ShouldBe("edited by the host");
        File.Exists(Path.Combine(s.Workspace.Path, "denied.txt")).ShouldBeFalse();
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[2]).Single()).ShouldContain("the host said no");
        // The host was asked, so (as the SDK's types say) no permission_denied line; the result still lists the denial.
        run.System("permission_denied").ShouldBeEmpty();
        run.Results.Single()["permission_denials"]!.AsArray().ShouldHaveSingleItem();
        var decisions = run.Messages.Where(static m => (string?)m["type"] == "user")
            .Select(static m => m["tool_result_meta"]![0]!["permission_decision"]!)
            .Select(static d => ((string?)d["decision"], (string?)d["source"]));
        decisions.ShouldBe([("accept", "user_temporary"), ("reject", "user_reject")]);
    }

    [Fact]
    public async Task Permission_updates_in_a_can_use_tool_answer_apply_for_the_rest_of_the_session()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("Bash", """{"command":"mkdir first"}"""),
            Turn.ToolUse("Bash", """{"command":"mkdir second"}"""),
            Turn.Text("Finished."));

        var run = await SdkDriver.RunAsync(s, "can_use_tool_rules");

        run.ShouldBeDone();
        run.Notes("can_use_tool").Count.ShouldBe(1, "the session rule the host added allows the second mkdir");
        Directory.Exists(Path.Combine(s.Workspace.Path, "second")).ShouldBeTrue();
        s.Workspace.Read(".keel/settings.local.json").ShouldContain("Bash(touch:*)");
        s.Workspace.Read(".keel/settings.local.json").ShouldNotContain("mkdir");
    }

    [Fact]
    public async Task A_PreToolUse_hook_callback_blocks_the_call()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("Bash", """{"command":"echo hi > hooked.txt"}"""), Turn.Text("Understood."));

        var run = await SdkDriver.RunAsync(s, "hooks");

        run.ShouldBeDone();
        var hook = run.Notes("hook").ShouldHaveSingleItem();
        ((string?)hook["event"]).ShouldBe("PreToolUse");
        ((string?)hook["tool"]).ShouldBe("Bash");
        ((string?)hook["command"]).ShouldBe("echo hi > hooked.txt");
        File.Exists(Path.Combine(s.Workspace.Path, "hooked.txt")).ShouldBeFalse();
        var blocked = Scenario.LastToolResults(s.Server.MessageRequests[1]).Single();
        Scenario.ResultText(blocked).ShouldContain("the SDK hook blocks Bash");
        var started = run.System("hook_started").ShouldHaveSingleItem();
        ((string?)started["hook_event"]).ShouldBe("PreToolUse");
        var response = run.System("hook_response").ShouldHaveSingleItem();
        ((string?)response["hook_id"]).ShouldBe((string?)started["hook_id"]);
        ((string?)response["outcome"]).ShouldBe("success");
        response["stdout"]!.GetValue<string>().ShouldContain("permissionDecision");
    }

    [Fact]
    public async Task An_in_process_SDK_MCP_tool_is_offered_and_called_through_the_host()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("mcp__calc__add", """{"a":2,"b":3}"""), Turn.Text("The sum is 5."));

        var run = await SdkDriver.RunAsync(s, "sdk_mcp");

        run.ShouldBeDone();
        s.Server.MessageRequests[0].Tools!.Select(static t => (string?)t!["name"]).ShouldContain("mcp__calc__add");
        var called = run.Notes("tool_called").ShouldHaveSingleItem();
        called["a"]!.GetValue<int>().ShouldBe(2);
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single()).ShouldContain("sum=5");
        var server = run.System("init").Single()["mcp_servers"]!.AsArray().ShouldHaveSingleItem();
        ((string?)server!["name"]).ShouldBe("calc");
        ((string?)server["status"]).ShouldBe("connected");
    }

    [Fact]
    public async Task SystemPrompt_replaces_the_instructions_and_the_preset_append_adds_to_them()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("Arr."), Turn.Text("ARR."));

        var run = await SdkDriver.RunAsync(s, "system_prompt");

        run.ShouldBeDone();
        var replaced = SystemText(s.Server.MessageRequests[0]);
        replaced.ShouldContain("You are Captain Keel, a pirate.");
        replaced.ShouldNotContain(Core.Prompts.SystemPromptBuilder.StaticPart[..60]);
        var appended = SystemText(s.Server.MessageRequests[1]);
        appended.ShouldContain(Core.Prompts.SystemPromptBuilder.StaticPart[..60]);
        appended.ShouldContain("Always end with ARR.");
        appended.ShouldNotContain("Captain Keel");
    }

    [Fact]
    public async Task Agents_from_the_host_run_as_subagents_with_their_prompt()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("Agent", """{"description":"review","prompt":"Review the code for bugs.","subagent_type":"reviewer"}"""),
            Turn.Text("No bugs found."),
            Turn.Text("The reviewer found no bugs."));

        var run = await SdkDriver.RunAsync(s, "agents");

        run.ShouldBeDone();
        run.System("init").Single()["agents"]!.AsArray().Select(static a => (string?)a).ShouldContain("reviewer");
        SystemText(s.Server.MessageRequests[1]).ShouldContain("You are the strict reviewer agent.");
        ((string?)run.Results.Single()["result"]).ShouldBe("The reviewer found no bugs.");
    }

    [Fact]
    public async Task Interrupt_stops_the_turn_with_an_error_result_and_the_process_exits_1()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Fault.StallAfterEvents(6, TimeSpan.FromSeconds(30), Turn.Text(string.Concat(Enumerable.Repeat("A long answer. ", 20)))));

        var run = await SdkDriver.RunAsync(s, "interrupt");

        ((string?)run.Lines[^1]["kind"]).ShouldBe("done", run.ToString());
        run.Notes("interrupted").ShouldHaveSingleItem()["answer"]!["still_queued"]!.AsArray().ShouldBeEmpty();
        var result = run.Results.ShouldHaveSingleItem();
        ((string?)result["subtype"]).ShouldBe("error_during_execution");
        result["is_error"]!.GetValue<bool>().ShouldBeTrue();
        // The SDK reports the non-zero exit with the error result it came after.
        run.Notes("ended").ShouldHaveSingleItem()["error"]!.GetValue<string>().ShouldContain("error result: The run was interrupted.");
    }

    [Fact]
    public async Task SetModel_and_setPermissionMode_apply_to_the_next_turn()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("First."), Turn.ToolUse("Write", """{"file_path":"mode.txt","content":"x"}"""), Turn.Text("Written."));

        var run = await SdkDriver.RunAsync(s, "set_mode_and_model");

        run.ShouldBeDone();
        ((string?)run.Notes("mode_set").Single()["mode"]!["mode"]).ShouldBe("acceptEdits");
        s.Server.MessageRequests[1].Model.ShouldBe("claude-haiku-4-5");
        File.Exists(Path.Combine(s.Workspace.Path, "mode.txt")).ShouldBeTrue();
        run.Notes("can_use_tool").ShouldBeEmpty();
        run.Results.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Streaming_input_runs_each_message_as_a_turn_of_one_conversation()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("One."), Turn.Text("Two."));

        var run = await SdkDriver.RunAsync(s, "streaming_input");

        run.ShouldBeDone();
        run.Results.Select(static r => (string?)r["result"]).ShouldBe(["One.", "Two."]);
        run.System("init").Count.ShouldBe(2);
        s.Server.MessageRequests[1].Messages!.Count.ShouldBe(3);
        run.Results.Select(static r => (string?)r["session_id"]).Distinct().ShouldHaveSingleItem();
    }

    [Fact]
    public async Task Resume_continues_the_earlier_conversation()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("Noted."), Turn.Text("kumquat"));

        var run = await SdkDriver.RunAsync(s, "resume");

        run.ShouldBeDone();
        var second = s.Server.MessageRequests[1].Messages!;
        second.Count.ShouldBe(3);
        second[0]!["content"]!.ToJsonString().ShouldContain("Remember the word kumquat.");
        var first = (string?)run.Notes("first_session").Single()["sessionId"];
        ((string?)run.Results[1]["session_id"]).ShouldBe(first);
    }

    [Fact]
    public async Task Structured_output_is_validated_against_the_schema_and_returned_in_the_result()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.Text("Here is the answer in prose."),
            Turn.ToolUse("StructuredOutput", """{"answer":"forty-two"}"""),
            Turn.ToolUse("StructuredOutput", """{"answer":42}"""),
            Turn.Text("Done."));

        var run = await SdkDriver.RunAsync(s, "structured_output");

        run.ShouldBeDone();
        var result = run.Results.ShouldHaveSingleItem();
        ((string?)result["subtype"]).ShouldBe("success");
        result["structured_output"]!["answer"]!.GetValue<int>().ShouldBe(42);
        var requests = s.Server.MessageRequests;
        requests[0].Tools!.ShouldContain(t => (string?)t!["name"] == "StructuredOutput");
        LastUserText(requests[1]).ShouldContain("StructuredOutput");
        Scenario.LastToolResults(requests[2]).Single()["is_error"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Initialize_and_control_requests_answer_what_the_SDK_reads()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("Hi."));

        var run = await SdkDriver.RunAsync(s, "control");

        run.ShouldBeDone();
        var init = run.Notes("init").Single();
        init["commands"]!.AsArray().Select(static c => (string?)c!["name"]).ShouldContain("compact");
        init["models"]!.AsArray().ShouldNotBeEmpty();
        init["agents"]!.AsArray().Select(static a => (string?)a!["name"]).ShouldContain("general-purpose");
        init["account"].ShouldNotBeNull();
        run.Notes("mcp_status").Single()["status"]!.AsArray().ShouldBeEmpty();
        run.Notes("context").Single()["usage"]!["maxTokens"]!.GetValue<int>().ShouldBeGreaterThan(0);
        run.Notes("thinking_set").ShouldHaveSingleItem();
    }

    [Fact]
    public async Task RewindFiles_with_file_checkpointing_puts_an_edited_file_back()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("notes.txt", "first line\n");
        s.Script(
            Turn.ToolUse("Read", """{"file_path":"notes.txt"}"""),
            Turn.ToolUse("Edit", """{"file_path":"notes.txt","old_string":"first line","new_string":"edited line\nsecond line"}"""),
            Turn.Text("Edited."));

        var run = await SdkDriver.RunAsync(s, "rewind_files");

        run.ShouldBeDone();
        ((string?)run.Notes("edited").Single()["content"]).ShouldBe("edited line\nsecond line\n");
        var dry = run.Notes("dry_run").Single();
        ((string?)dry["content"]).ShouldBe("edited line\nsecond line\n");
        dry["answer"]!["canRewind"]!.GetValue<bool>().ShouldBeTrue();
        dry["answer"]!["filesChanged"]!.AsArray().Select(static f => Path.GetFileName((string?)f)).ShouldBe(["notes.txt"]);
        dry["answer"]!["insertions"]!.GetValue<int>().ShouldBe(1);
        dry["answer"]!["deletions"]!.GetValue<int>().ShouldBe(2);
        var rewound = run.Notes("rewound").Single();
        rewound["answer"]!["canRewind"]!.GetValue<bool>().ShouldBeTrue();
        ((string?)rewound["content"]).ShouldBe("first line\n");
        var unknown = run.Notes("unknown").Single()["answer"]!;
        unknown["canRewind"]!.GetValue<bool>().ShouldBeFalse();
        unknown["error"]!.GetValue<string>().ShouldContain("No checkpoint");
    }

    [Fact]
    public async Task SetMcpServers_adds_and_removes_a_server_and_toggle_and_reconnect_change_the_offered_tools()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.Text("No MCP yet."),
            Turn.ToolUse("mcp__everything__echo", """{"message":"added at run time"}"""),
            Turn.Text("Echoed."),
            Turn.Text("The server is off."));

        var run = await SdkDriver.RunAsync(s, "mcp_servers", TimeSpan.FromSeconds(90));

        run.ShouldBeDone();
        var requests = s.Server.MessageRequests;
        requests[0].ToolNames.ShouldNotContain("mcp__everything__echo");
        requests[1].ToolNames.ShouldContain("mcp__everything__echo");
        Scenario.ResultText(Scenario.LastToolResults(requests[2]).Single()).ShouldBe("Echo: added at run time");
        requests[3].ToolNames.ShouldNotContain("mcp__everything__echo");
        requests[3].ToolNames.ShouldContain("Read");

        var set = run.Notes("set").Single();
        set["answer"]!["added"]!.AsArray().Select(static n => (string?)n).ShouldBe(["everything"]);
        set["answer"]!["errors"]!.AsObject().ShouldBeEmpty();
        ((string?)set["status"]!.AsArray().Single()!["status"]).ShouldBe("connected");
        run.Notes("same").Single()["answer"]!["added"]!.AsArray().ShouldBeEmpty();
        ((string?)run.Notes("off").Single()["status"]!.AsArray().Single()!["status"]).ShouldBe("disabled");
        ((string?)run.Notes("reconnected").Single()["status"]!.AsArray().Single()!["status"]).ShouldBe("connected");
        var cleared = run.Notes("cleared").Single();
        cleared["answer"]!["removed"]!.AsArray().Select(static n => (string?)n).ShouldBe(["everything"]);
        cleared["status"]!.AsArray().ShouldBeEmpty();
        ((string?)run.Notes("reconnect_removed").Single()["error"])!.ShouldContain("no MCP server named 'everything'");
        // The turn run while the server was off starts with an init line that says so.
        var lastInit = run.System("init")[^1];
        ((string?)lastInit["mcp_servers"]!.AsArray().Single()!["status"]).ShouldBe("disabled");
        lastInit["tools"]!.AsArray().Select(static t => (string?)t).ShouldNotContain("mcp__everything__echo");
    }
}
