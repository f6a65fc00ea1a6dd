using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;
using static Keel.EndToEnd.Tests.Acp.AcpClient;

namespace Keel.EndToEnd.Tests.Acp;

/// <summary>
/// <c>keel acp</c> using what the editor offers: its open buffers for file text (fs capability) and its terminals
/// for commands (terminal capability), behind the same permission checks as local files and commands.
/// </summary>
public sealed class AcpEditorTests
{
    private static JsonObject Prompt(string text, params string[] answers) =>
        new() { ["prompt"] = text, ["answers"] = new JsonArray([.. answers.Select(static a => (JsonNode)a)]) };

    private static JsonObject Plan(JsonObject capabilities, params JsonObject[] steps) =>
        new() { ["clientCapabilities"] = capabilities, ["steps"] = new JsonArray([new JsonObject { ["new"] = true }, .. steps]) };

    private static JsonObject FileCapability() => new() { ["fs"] = new JsonObject { ["readTextFile"] = true, ["writeTextFile"] = true } };

    private static JsonObject TerminalCapability() => new() { ["terminal"] = true };

    [Fact]
    public async Task Read_edit_and_write_go_through_the_editor_buffers_and_a_denied_path_stays_denied()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("notes.txt", "saved kiwi\n");
        s.Workspace.Write("disk-only.txt", "not open in the editor\n");
        s.Workspace.Write("secret.txt", "top secret\n");
        s.Workspace.Write(".keel/settings.json", """{"permissions":{"deny":["Read(./secret.txt)"]}}""");
        var notes = s.Workspace.FullPath("notes.txt");
        var secret = s.Workspace.FullPath("secret.txt");
        var fresh = s.Workspace.FullPath("fresh.txt");
        s.Script(
            Turn.ToolUse("Read", """{"file_path":"notes.txt"}"""),
            Turn.ToolUse("Edit", """{"file_path":"notes.txt","old_string":"kiwi","new_string":"mango"}"""),
            Turn.ToolUse("Write", """{"file_path":"fresh.txt","content":"made in the editor\n"}"""),
            Turn.ToolUse("Read", """{"file_path":"secret.txt"}"""),
            Turn.ToolUse("Read", """{"file_path":"disk-only.txt"}"""),
            Turn.Text("Done."));
        var plan = Plan(FileCapability(), Prompt("work on the notes", "allow_once", "allow_once"));
        plan["editorFiles"] = new JsonObject { [notes] = "unsaved kiwi\n", [secret] = "top secret\n" };

        var record = await RunAsync(s, plan);

        // Read saw the unsaved buffer, not the disk.
        var read = Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single());
        read.ShouldContain("unsaved kiwi");
        read.ShouldNotContain("saved kiwi\n".Insert(0, "\t"));
        // Edit read the buffer through the editor and wrote it back there; Write created a buffer; the disk is untouched.
        record["editorFiles"]![notes]!.GetValue<string>().ShouldBe("unsaved mango\n");
        record["editorFiles"]![fresh]!.GetValue<string>().ShouldBe("made in the editor\n");
        s.Workspace.Read("notes.txt").ShouldBe("saved kiwi\n");
        s.Workspace.Exists("fresh.txt").ShouldBeFalse();
        record["permissionRequests"]!.AsArray().Count.ShouldBe(2);
        var written = record["files"]!["written"]!.AsArray().Select(static w => (string?)w!["path"]).ToList();
        written.ShouldBe([notes, fresh]);
        // The deny rule holds: the editor was never asked for the file.
        var denied = Scenario.LastToolResults(s.Server.MessageRequests[4]).Single();
        denied["is_error"]!.GetValue<bool>().ShouldBeTrue();
        Scenario.ResultText(denied).ShouldNotContain("top secret");
        var reads = record["files"]!["read"]!.AsArray().Select(static r => (string?)r!["path"]).ToList();
        reads.ShouldNotContain(secret);
        // A file the editor cannot serve is a clear tool error.
        var missing = Scenario.LastToolResults(s.Server.MessageRequests[5]).Single();
        missing["is_error"]!.GetValue<bool>().ShouldBeTrue();
        Scenario.ResultText(missing).ShouldContain($"Could not read {s.Workspace.FullPath("disk-only.txt")}: the editor could not read it");
        record["results"]![0]!["stopReason"]!.GetValue<string>().ShouldBe("end_turn");
        s.AssertInvariants();
    }

    [Fact]
    public async Task Bash_runs_in_the_editor_terminal_which_the_tool_call_embeds()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("Bash", """{"command":"echo from-the-terminal; echo to-stderr >&2; pwd; exit 3"}""", "toolu_term"),
            Turn.Text("It failed."));

        var record = await RunAsync(s, Plan(TerminalCapability(), Prompt("run it", "allow_once")));

        var terminal = record["terminals"]!.AsArray().Single()!;
        terminal["params"]!["cwd"]!.GetValue<string>().ShouldBe(s.Workspace.Path);
        terminal["params"]!["args"]!.AsArray().Select(static a => (string?)a).ShouldContain(a => a!.Contains("echo from-the-terminal"));
        terminal["params"]!["env"]!.AsArray().ShouldContain(e => (string?)e!["name"] == "KEEL" && (string?)e["value"] == "1");
        terminal["params"]!["outputByteLimit"]!.GetValue<long>().ShouldBeGreaterThan(0);
        terminal["calls"]!.AsArray().Select(static c => (string?)c).ShouldBe(["create", "wait_for_exit", "output", "release"]);
        terminal["exitStatus"]!["exitCode"]!.GetValue<int>().ShouldBe(3);
        var terminalId = terminal["terminalId"]!.GetValue<string>();

        // The call shows the terminal while it runs and after it finished.
        var updates = Updates(record, "tool_call_update").Where(static u => (string?)u["toolCallId"] == "toolu_term").ToList();
        updates.ShouldContain(u => u["content"] != null && (string?)u["content"]![0]!["type"] == "terminal" && (string?)u["content"]![0]!["terminalId"] == terminalId);
        var done = updates.Last();
        done["status"]!.GetValue<string>().ShouldBe("failed");
        ((string?)done["content"]![0]!["terminalId"]).ShouldBe(terminalId);

        var result = Scenario.LastToolResults(s.Server.MessageRequests[1]).Single();
        result["is_error"]!.GetValue<bool>().ShouldBeTrue();
        var text = Scenario.ResultText(result);
        text.ShouldContain("from-the-terminal");
        text.ShouldContain("to-stderr");
        text.ShouldContain(s.Workspace.Path);
        text.ShouldContain("Exit code 3");
        record["results"]![0]!["stopReason"]!.GetValue<string>().ShouldBe("end_turn");
    }

    [Fact]
    public async Task Cancel_kills_the_editor_terminal_and_releases_it()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("Bash", """{"command":"echo started; sleep 60"}"""), Turn.Text("Back."));
        var cancelled = Prompt("wait", "allow_once");
        cancelled["cancelOnTerminalOutput"] = true;

        var record = await RunAsync(s, Plan(TerminalCapability(), cancelled, Prompt("still there?")));

        record["results"]![0]!["stopReason"]!.GetValue<string>().ShouldBe("cancelled");
        var terminal = record["terminals"]!.AsArray().Single()!;
        var calls = terminal["calls"]!.AsArray().Select(static c => (string?)c).ToList();
        calls.ShouldContain("kill");
        calls[^1].ShouldBe("release");
        terminal["exitStatus"]!["signal"]!.GetValue<string>().ShouldBe("SIGKILL");
        record["results"]![1]!["stopReason"]!.GetValue<string>().ShouldBe("end_turn");
        s.AssertInvariants();
    }

    [Fact]
    public async Task A_denied_command_never_reaches_the_editor_terminal()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".keel/settings.json", """{"permissions":{"deny":["Bash(rm:*)"]}}""");
        s.Script(Turn.ToolUse("Bash", """{"command":"rm -rf build"}"""), Turn.Text("Not allowed."));

        var record = await RunAsync(s, Plan(TerminalCapability(), Prompt("clean up")));

        record["terminals"]!.AsArray().ShouldBeEmpty();
        record["permissionRequests"]!.AsArray().ShouldBeEmpty();
        Scenario.LastToolResults(s.Server.MessageRequests[1]).Single()["is_error"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task With_sandboxing_on_commands_stay_in_the_local_sandbox_instead_of_the_editor_terminal()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".keel/settings.json", """{"sandbox":{"enabled":true}}""");
        s.Script(Turn.ToolUse("Bash", """{"command":"echo sandboxed > out.txt"}"""), Turn.Text("Done."));

        var record = await RunAsync(s, Plan(TerminalCapability(), Prompt("write it", "allow_once")));

        record["terminals"]!.AsArray().ShouldBeEmpty();
        s.Workspace.Read("out.txt").ShouldBe("sandboxed\n");
        record["results"]![0]!["stopReason"]!.GetValue<string>().ShouldBe("end_turn");
    }

    [Fact]
    public async Task A_multi_select_question_is_asked_pick_by_pick_until_done()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("AskUserQuestion", """{"questions":[{"question":"Which toppings?","header":"Pizza","options":[{"label":"Cheese","description":"classic"},{"label":"Olives","description":"salty"},{"label":"Basil","description":"fresh"}],"multiSelect":true}]}"""),
            Turn.Text("Noted."));

        var record = await RunAsync(s, Plan(new JsonObject(), Prompt("order a pizza", "choice-2", "choice-0", "done")));

        var asks = record["permissionRequests"]!.AsArray();
        asks.Count.ShouldBe(3, record.ToJsonString());
        asks[0]!["options"]!.AsArray().Select(static o => (string?)o!["name"]).ShouldBe(["Cheese", "Olives", "Basil", "Skip this question"]);
        asks[1]!["options"]!.AsArray().Select(static o => (string?)o!["name"]).ShouldBe(["Cheese", "Olives", "Done"]);
        asks[2]!["options"]!.AsArray().Select(static o => (string?)o!["name"]).ShouldBe(["Olives", "Done"]);
        var result = Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single());
        result.ShouldContain("Cheese, Basil");
        result.ShouldNotContain("Olives");
        record["results"]![0]!["stopReason"]!.GetValue<string>().ShouldBe("end_turn");
    }
}
