using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Headless;

/// <summary><c>keel -r|-c --rewind-files &lt;message-id&gt;</c>: files back as they were before that prompt, without a model.</summary>
public sealed class RewindFilesTests
{
    private static ScriptedTurn WriteFile(string path, string content) =>
        Turn.ToolUse("Write", $$"""{"file_path":"{{path}}","content":"{{content}}"}""");

    /// <summary>Keel's Write overwrites only a file read in the session, as a model does it.</summary>
    private static ScriptedTurn ReadFile(string path) => Turn.ToolUse("Read", $$"""{"file_path":"{{path}}"}""");

    /// <summary>The prompt ids of the session's transcript, in order.</summary>
    private static List<string> PromptIds(Scenario s)
    {
        var transcript = Directory.GetFiles(Path.Combine(s.Workspace.ConfigDir, "projects"), "*.jsonl", SearchOption.AllDirectories).Single();
        return [.. File.ReadLines(transcript).Select(l => JsonNode.Parse(l)!).Where(n => n["promptId"] is not null && (string?)n["type"] == "user").Select(n => (string)n["uuid"]!)];
    }

    [Fact]
    public async Task Rewind_files_with_continue_restores_what_two_runs_changed_and_reports_each_file()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("a.txt", "alpha\n");
        s.Script(ReadFile("a.txt"), WriteFile("a.txt", "ALPHA\\n"), Turn.Text("a done"), WriteFile("b.txt", "beta\\n"), Turn.Text("b done"));
        (await s.RunAsync("-p", "change a", "--permission-mode", "acceptEdits")).ExitCode.ShouldBe(0);
        (await s.RunAsync("-c", "-p", "create b", "--permission-mode", "acceptEdits")).ExitCode.ShouldBe(0);
        var ids = PromptIds(s);
        ids.Count.ShouldBe(2);

        var result = await s.RunAsync("-c", "--rewind-files", ids[0]);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("Restored a.txt (+1 -1)");
        result.Stdout.ShouldContain("Deleted b.txt");
        result.Stdout.ShouldContain("Bash are not tracked");
        s.Workspace.Read("a.txt").ShouldBe("alpha\n");
        s.Workspace.Exists("b.txt").ShouldBeFalse();
        s.Server.MessageRequests.Count.ShouldBe(5);

        var again = await s.RunAsync("-c", "--rewind-files", ids[0]);
        again.ExitCode.ShouldBe(0, again.ToString());
        again.Stdout.ShouldContain("nothing to restore");
    }

    [Fact]
    public async Task Rewind_files_refuses_a_file_changed_outside_Keel_and_an_unknown_message()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(WriteFile("a.txt", "by keel\\n"), Turn.Text("done"));
        (await s.RunAsync("-p", "write a", "--permission-mode", "acceptEdits")).ExitCode.ShouldBe(0);
        s.Workspace.Write("a.txt", "by me\n");

        var refused = await s.RunAsync("-c", "--rewind-files", PromptIds(s)[0]);
        var unknown = await s.RunAsync("-c", "--rewind-files", "no-such-message");
        var noSession = await s.RunAsync("--rewind-files", PromptIds(s)[0]);

        refused.ExitCode.ShouldBe(1, refused.ToString());
        refused.Stderr.ShouldContain("Kept a.txt: it changed outside Keel");
        s.Workspace.Read("a.txt").ShouldBe("by me\n");
        unknown.ExitCode.ShouldBe(1);
        unknown.Stderr.ShouldContain("no checkpoint for message no-such-message");
        noSession.ExitCode.ShouldBe(2);
        noSession.Stderr.ShouldContain("add -r <session-id> or -c");
    }

    [Fact]
    public async Task The_uuid_an_SDK_host_gives_its_message_names_the_checkpoint()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(WriteFile("a.txt", "from the host\\n"), Turn.Text("done"));
        var user = new JsonObject
        {
            ["type"] = "user",
            ["uuid"] = "11111111-2222-3333-4444-555555555555",
            ["message"] = new JsonObject { ["role"] = "user", ["content"] = "write a" },
            ["parent_tool_use_id"] = null,
            ["session_id"] = "default",
        }.ToJsonString();
        var run = await s.RunAsync(["--input-format", "stream-json", "--output-format", "stream-json", "--verbose", "--permission-mode", "acceptEdits"], stdin: user + "\n");
        run.ExitCode.ShouldBe(0, run.ToString());
        s.Workspace.Read("a.txt").ShouldBe("from the host\n");

        var result = await s.RunAsync("-c", "--rewind-files", "11111111-2222-3333-4444-555555555555");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("Deleted a.txt");
        s.Workspace.Exists("a.txt").ShouldBeFalse();
    }

    [Fact]
    public async Task A_fork_rewinds_to_a_prompt_from_before_the_fork_after_it_went_on_and_its_original_is_gone()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("a.txt", "zero\n");
        s.Script(ReadFile("a.txt"), WriteFile("a.txt", "one\\n"), Turn.Text("a done"), WriteFile("b.txt", "two\\n"), Turn.Text("b done"), Turn.Text("third done"));
        var original = await s.RunAsync("-p", "write a", "--permission-mode", "acceptEdits", "--output-format", "json");
        var originalId = (string)Scenario.ParseJson(original)["session_id"]!;
        var fork = await s.RunAsync("-r", originalId, "--fork-session", "-p", "write b", "--permission-mode", "acceptEdits", "--output-format", "json");
        var forkId = (string)Scenario.ParseJson(fork)["session_id"]!;
        // The fork goes on in a run of its own, then its original is deleted (as cleanupPeriodDays would).
        (await s.RunAsync("-r", forkId, "-p", "third")).ExitCode.ShouldBe(0);
        var projects = Path.Combine(s.Workspace.ConfigDir, "projects");
        var originalTranscript = Directory.GetFiles(projects, originalId + ".jsonl", SearchOption.AllDirectories).Single();
        var forkTranscript = Directory.GetFiles(projects, forkId + ".jsonl", SearchOption.AllDirectories).Single();
        File.ReadAllText(originalTranscript).ShouldNotContain("write b");
        var firstPrompt = File.ReadLines(forkTranscript).Select(l => JsonNode.Parse(l)!)
            .First(n => (string?)n["type"] == "user" && n["promptId"] is not null && n.ToJsonString().Contains("write a", StringComparison.Ordinal));
        File.Delete(originalTranscript);
        Directory.Delete(originalTranscript[..^".jsonl".Length], recursive: true);

        var result = await s.RunAsync("-r", forkId, "--rewind-files", (string)firstPrompt["uuid"]!);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.ShouldContain("Restored a.txt");
        result.Stdout.ShouldContain("Deleted b.txt");
        s.Workspace.Read("a.txt").ShouldBe("zero\n");
        s.Workspace.Exists("b.txt").ShouldBeFalse();
    }
}
