using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;
using Keel.Testing.Process;
using static Keel.EndToEnd.Tests.StreamInput.StreamInputTests;

namespace Keel.EndToEnd.Tests.StreamInput;

/// <summary>The SDK's <c>rewind_files</c> control request (<c>Query.rewindFiles</c>): files back as they were before a prompt.</summary>
public sealed class RewindFilesControlTests
{
    private const string PromptId = "aaaaaaaa-1111-2222-3333-444444444444";

    private static readonly string[] StreamArgs = ["--input-format", "stream-json", "--output-format", "stream-json", "--verbose", "--permission-mode", "acceptEdits"];

    private static string UserWithId(string text) =>
        new JsonObject { ["type"] = "user", ["uuid"] = PromptId, ["message"] = new JsonObject { ["role"] = "user", ["content"] = text }, ["parent_tool_use_id"] = null, ["session_id"] = "" }.ToJsonString();

    private static string Rewind(string id, string? messageId, bool dryRun = false)
    {
        var request = new JsonObject { ["subtype"] = "rewind_files", ["user_message_id"] = messageId };
        if (dryRun)
        {
            request["dry_run"] = true;
        }

        return Control(id, request);
    }

    [Fact]
    public async Task A_dry_run_reports_the_changes_and_the_rewind_restores_edited_and_deletes_created_files()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("a.txt", "alpha\nbeta\n");
        s.Script(
            Turn.ToolUse("Read", """{"file_path":"a.txt"}"""),
            Turn.ToolUse("Write", """{"file_path":"a.txt","content":"ALPHA\nbeta\ngamma\n"}"""),
            Turn.ToolUse("Write", """{"file_path":"new.txt","content":"created\n"}"""),
            Turn.Text("Edited."));
        var stdin = string.Join(
            '\n',
            UserWithId("edit the files"),
            Rewind("dry", PromptId, dryRun: true),
            Rewind("real", PromptId),
            Rewind("unknown", "no-such-message")) + "\n";

        var result = await s.RunAsync(StreamArgs, stdin: stdin);

        result.ExitCode.ShouldBe(0, result.ToString());
        var lines = StreamJsonLines.Parse(result.Stdout);
        var dry = ResponseTo(lines, "dry")["response"]!;
        dry["canRewind"]!.GetValue<bool>().ShouldBeTrue(result.ToString());
        dry["filesChanged"]!.AsArray().Select(static f => Path.GetFileName((string)f!)).Order().ShouldBe(["a.txt", "new.txt"]);
        // a.txt gets alpha back and loses ALPHA and gamma; new.txt loses its one line.
        dry["insertions"]!.GetValue<int>().ShouldBe(1);
        dry["deletions"]!.GetValue<int>().ShouldBe(3);
        var real = ResponseTo(lines, "real")["response"]!;
        real["canRewind"]!.GetValue<bool>().ShouldBeTrue();
        real["filesChanged"]!.AsArray().Count.ShouldBe(2);
        s.Workspace.Read("a.txt").ShouldBe("alpha\nbeta\n");
        s.Workspace.Exists("new.txt").ShouldBeFalse();
        var unknown = ResponseTo(lines, "unknown")["response"]!;
        unknown["canRewind"]!.GetValue<bool>().ShouldBeFalse();
        unknown["error"]!.GetValue<string>().ShouldContain("no-such-message");
    }

    [Fact]
    public async Task A_dry_run_changes_nothing_and_a_file_changed_outside_Keel_is_restored_when_the_host_asks()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("Write", """{"file_path":"b.txt","content":"by keel\n"}"""), Turn.Text("Written."));
        await using var keel = s.Keel.Start(StreamArgs);

        await keel.StandardInput.WriteLineAsync(UserWithId("write b"));
        await keel.StandardInput.FlushAsync();
        await keel.WaitForOutputAsync("\"type\":\"result\"", TimeSpan.FromSeconds(15));
        s.Workspace.Write("b.txt", "by the user\n");
        await keel.StandardInput.WriteLineAsync(Rewind("dry", PromptId, dryRun: true));
        await keel.StandardInput.FlushAsync();
        await keel.WaitForOutputAsync("\"request_id\":\"dry\"", TimeSpan.FromSeconds(15));
        var afterDryRun = s.Workspace.Read("b.txt");
        await keel.StandardInput.WriteLineAsync(Rewind("real", PromptId));
        keel.StandardInput.Close();
        var result = await keel.WaitForExitAsync(TimeSpan.FromSeconds(20));

        result.ExitCode.ShouldBe(0, result.ToString());
        afterDryRun.ShouldBe("by the user\n");
        var lines = StreamJsonLines.Parse(result.Stdout);
        ResponseTo(lines, "real")["response"]!["canRewind"]!.GetValue<bool>().ShouldBeTrue(result.ToString());
        s.Workspace.Exists("b.txt").ShouldBeFalse();
    }
}
