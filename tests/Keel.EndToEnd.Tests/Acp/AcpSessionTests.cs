using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;
using static Keel.EndToEnd.Tests.Acp.AcpClient;

namespace Keel.EndToEnd.Tests.Acp;

/// <summary><c>keel acp</c> driven by the official ACP TypeScript SDK, as Zed and other ACP editors drive it.</summary>
public sealed class AcpSessionTests
{
    private static JsonObject Plan(params JsonObject[] steps) => new() { ["steps"] = new JsonArray([.. steps]) };

    private static JsonObject Prompt(string text, params string[] answers) =>
        new() { ["prompt"] = text, ["answers"] = new JsonArray([.. answers.Select(static a => (JsonNode)a)]) };

    [Fact]
    public async Task A_new_session_streams_the_reply_and_a_file_write_the_editor_allows()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("Write", """{"file_path":"notes.txt","content":"hello\n"}""", "toolu_write"), Turn.Text("Wrote the notes."));

        var record = await RunAsync(s, Plan(new JsonObject { ["new"] = true }, Prompt("write the notes", "allow_once")));

        record["initialize"]!["protocolVersion"]!.GetValue<int>().ShouldBe(1);
        record["initialize"]!["agentCapabilities"]!["loadSession"]!.GetValue<bool>().ShouldBeTrue();
        record["initialize"]!["agentInfo"]!["name"]!.GetValue<string>().ShouldBe("keel");
        var session = record["sessions"]![0]!;
        session["modes"]!["currentModeId"]!.GetValue<string>().ShouldBe("default");
        session["modes"]!["availableModes"]!.AsArray().Select(m => (string?)m!["id"]).ShouldBe(["default", "acceptEdits", "plan", "bypassPermissions"]);
        Updates(record, "available_commands_update").Single()["availableCommands"]!.AsArray().Select(c => (string?)c!["name"]).ShouldContain("compact");

        var ask = record["permissionRequests"]!.AsArray().Single()!;
        ask["toolCall"]!["toolCallId"]!.GetValue<string>().ShouldBe("toolu_write");
        ask["toolCall"]!["kind"]!.GetValue<string>().ShouldBe("edit");
        ask["toolCall"]!["title"]!.GetValue<string>().ShouldContain("notes.txt");
        ask["options"]!.AsArray().Select(o => (string?)o!["kind"]).ShouldBe(["allow_once", "allow_always", "reject_once", "reject_always"]);

        var announced = Updates(record, "tool_call").Single();
        announced["toolCallId"]!.GetValue<string>().ShouldBe("toolu_write");
        announced["status"]!.GetValue<string>().ShouldBe("pending");
        var done = Updates(record, "tool_call_update").Last();
        done["status"]!.GetValue<string>().ShouldBe("completed");
        var diff = done["content"]!.AsArray().Single()!;
        diff["type"]!.GetValue<string>().ShouldBe("diff");
        diff["path"]!.GetValue<string>().ShouldBe(s.Workspace.FullPath("notes.txt"));
        diff["newText"]!.GetValue<string>().ShouldContain("hello");
        done["locations"]![0]!["path"]!.GetValue<string>().ShouldBe(s.Workspace.FullPath("notes.txt"));

        Text(record, "agent_message_chunk").ShouldBe("Wrote the notes.");
        record["results"]![0]!["stopReason"]!.GetValue<string>().ShouldBe("end_turn");
        s.Workspace.Read("notes.txt").ShouldBe("hello\n");
    }

    [Fact]
    public async Task Rejected_calls_do_not_run_and_reject_always_saves_a_deny_rule()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("Write", """{"file_path":"a.txt","content":"a"}"""),
            Turn.ToolUse("Write", """{"file_path":"b.txt","content":"b"}"""),
            Turn.Text("Understood."));

        var record = await RunAsync(s, Plan(new JsonObject { ["new"] = true }, Prompt("write a and b", "reject_once", "reject_always")));

        record["permissionRequests"]!.AsArray().Count.ShouldBe(2);
        s.Workspace.Exists("a.txt").ShouldBeFalse();
        s.Workspace.Exists("b.txt").ShouldBeFalse();
        Updates(record, "tool_call_update").Where(u => (string?)u["status"] == "failed").Count().ShouldBe(2);
        Scenario.LastToolResults(s.Server.MessageRequests[1]).Single()["is_error"]!.GetValue<bool>().ShouldBeTrue();
        var local = JsonNode.Parse(s.Workspace.Read(".keel/settings.local.json"))!;
        local["permissions"]!["deny"]!.AsArray().Select(r => (string?)r).ShouldContain(r => r!.Contains("b.txt"));
        record["results"]![0]!["stopReason"]!.GetValue<string>().ShouldBe("end_turn");
    }

    [Fact]
    public async Task Cancel_stops_a_running_command_and_the_session_goes_on()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("Bash", """{"command":"sleep 60"}"""), Turn.Text("Back again."));
        var cancelled = Prompt("wait a minute", "allow_once");
        cancelled["cancelWhenRunning"] = true;

        var record = await RunAsync(s, Plan(new JsonObject { ["new"] = true }, cancelled, Prompt("are you there?")));

        record["results"]![0]!["stopReason"]!.GetValue<string>().ShouldBe("cancelled");
        var call = Updates(record, "tool_call").Single();
        call["kind"]!.GetValue<string>().ShouldBe("execute");
        call["title"]!.GetValue<string>().ShouldContain("sleep 60");
        record["results"]![1]!["stopReason"]!.GetValue<string>().ShouldBe("end_turn");
        Text(record, "agent_message_chunk").ShouldContain("Back again.");
        // The interrupted call still got its one result, which the model sees with the next prompt.
        var interrupted = Scenario.LastToolResults(s.Server.MessageRequests[1]).Single();
        interrupted["is_error"]!.GetValue<bool>().ShouldBeTrue();
        Scenario.ResultText(interrupted).ShouldContain("interrupted");
        s.AssertInvariants();
    }

    [Fact]
    public async Task Load_replays_the_conversation_then_continues_it()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("notes.txt", "kiwi\n");
        s.Script(Turn.ToolUse("Read", """{"file_path":"notes.txt"}"""), Turn.Text("The word is kiwi."), Turn.Text("Still kiwi."));
        var first = await RunAsync(s, Plan(new JsonObject { ["new"] = true }, Prompt("read the notes")));
        var id = first["sessions"]![0]!["sessionId"]!.GetValue<string>();

        var second = await RunAsync(s, Plan(new JsonObject { ["load"] = id }, Prompt("which word?")));

        second["errors"]!.AsArray().ShouldBeEmpty();
        second["sessions"]![0]!["modes"]!["currentModeId"]!.GetValue<string>().ShouldBe("default");
        var replayed = Updates(second).TakeWhile(u => (string?)u["sessionUpdate"] != "available_commands_update").ToList();
        replayed.Select(u => (string?)u["sessionUpdate"]).ShouldBe(["user_message_chunk", "tool_call", "agent_message_chunk"]);
        replayed[0]["content"]!["text"]!.GetValue<string>().ShouldBe("read the notes");
        replayed[1]["kind"]!.GetValue<string>().ShouldBe("read");
        replayed[1]["status"]!.GetValue<string>().ShouldBe("completed");
        replayed[2]["content"]!["text"]!.GetValue<string>().ShouldBe("The word is kiwi.");
        second["results"]![0]!["stopReason"]!.GetValue<string>().ShouldBe("end_turn");
        Text(second, "agent_message_chunk").ShouldEndWith("Still kiwi.");
        var messages = s.Server.MessageRequests[^1].Messages!;
        messages.Count.ShouldBe(5);
        messages.ToJsonString().ShouldContain("kiwi");
    }

    [Fact]
    public async Task Load_of_an_unknown_session_is_a_resource_not_found_error()
    {
        await using var s = await Scenario.StartAsync();

        var record = await RunAsync(s, Plan(new JsonObject { ["load"] = "4f9e2c1a-0000-4000-8000-000000000000" }));

        var error = record["errors"]!.AsArray().Single()!;
        error["code"]!.GetValue<int>().ShouldBe(-32002);
        error["message"]!.GetValue<string>().ShouldContain("4f9e2c1a-0000-4000-8000-000000000000");
    }

    [Fact]
    public async Task Accept_edits_mode_writes_without_asking_and_the_todo_list_is_the_plan()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("TodoWrite", """{"todos":[{"content":"Write the file","status":"in_progress","activeForm":"Writing the file"},{"content":"Check it","status":"pending","activeForm":"Checking it"}]}"""),
            Turn.ToolUse("Write", """{"file_path":"out.txt","content":"done"}"""),
            Turn.Text("All set."));

        var record = await RunAsync(s, Plan(new JsonObject { ["new"] = true }, new JsonObject { ["setMode"] = "acceptEdits" }, Prompt("do it")));

        record["permissionRequests"]!.AsArray().ShouldBeEmpty();
        s.Workspace.Read("out.txt").ShouldBe("done");
        var plan = Updates(record, "plan").Single()["entries"]!.AsArray();
        plan.Select(e => (string?)e!["content"]).ShouldBe(["Write the file", "Check it"]);
        plan.Select(e => (string?)e!["status"]).ShouldBe(["in_progress", "pending"]);
        record["results"]!.AsArray()[^1]!["stopReason"]!.GetValue<string>().ShouldBe("end_turn");
    }

    [Fact]
    public async Task AskUserQuestion_offers_each_question_as_a_choice_and_the_model_gets_the_picked_label()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("AskUserQuestion", """{"questions":[{"question":"Which color should the button be?","header":"Color","options":[{"label":"Red","description":"warm"},{"label":"Blue","description":"calm"}],"multiSelect":false},{"question":"Which size?","header":"Size","options":[{"label":"Small","description":"compact"},{"label":"Large","description":"roomy"}],"multiSelect":false}]}"""),
            Turn.Text("Blue it is."));

        var record = await RunAsync(s, Plan(new JsonObject { ["new"] = true }, Prompt("style the button", "choice-1", "skip")));

        var asks = record["permissionRequests"]!.AsArray();
        asks.Count.ShouldBe(2, record.ToJsonString());
        asks[0]!["toolCall"]!["title"]!.GetValue<string>().ShouldContain("Which color should the button be?");
        asks[0]!["options"]!.AsArray().Select(static o => (string?)o!["name"]).ShouldBe(["Red", "Blue", "Skip this question"]);
        var result = Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single());
        result.ShouldContain("Blue");
        result.ShouldNotContain("Small");
        result.ShouldNotContain("Large");
        record["results"]![0]!["stopReason"]!.GetValue<string>().ShouldBe("end_turn");
    }
}
