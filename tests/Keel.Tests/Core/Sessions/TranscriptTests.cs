using System.Text.Json;
using Keel.Core.Messages;
using Keel.Core.Sessions;
using Keel.Tests.Core.Fakes;

namespace Keel.Tests.Core.Sessions;

public sealed class TranscriptTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "keel-transcript-" + Guid.NewGuid().ToString("N"));

    private string FilePath => Path.Combine(_dir, "s1.jsonl");

    [Fact]
    public async Task A_session_round_trips_through_the_transcript()
    {
        using (var writer = new TranscriptWriter(FilePath, "s1", "/repo", "0.1.0", TimeProvider.System))
        {
            using var h = new LoopHarness([new FakeTool("Echo", true, (_, _) => Task.FromResult(Keel.Core.Tools.ToolResult.Success("e")))], recorder: writer);
            h.Model.ToolUse("Echo", """{"x":1}""").Text("done");
            await h.RunAsync("first");
        }

        var loaded = TranscriptReader.Load(FilePath);

        loaded.SessionId.ShouldBe("s1");
        loaded.Messages.Select(m => m.Role).ShouldBe([Role.User, Role.Assistant, Role.User, Role.Assistant]);
        loaded.Messages[0].Text.ShouldBe("first");
        loaded.Messages[1].ToolUses.Single().Input.GetProperty("x").GetInt32().ShouldBe(1);
        loaded.Messages[3].Text.ShouldBe("done");
        loaded.Usage.Single().Requests.ShouldBe(2);
        loaded.SkippedLines.ShouldBe(0);
    }

    [Fact]
    public void The_user_message_is_on_disk_before_anything_else_happens()
    {
        using var writer = new TranscriptWriter(FilePath, "s1", "/repo", "0.1.0", TimeProvider.System);
        writer.RecordUser(Message.UserText("write-ahead"));

        var line = File.ReadAllLines(FilePath).Single();
        using var doc = JsonDocument.Parse(line);
        doc.RootElement.GetProperty("type").GetString().ShouldBe("user");
        doc.RootElement.GetProperty("sessionId").GetString().ShouldBe("s1");
    }

    [Fact]
    public void A_torn_last_line_is_skipped_and_an_unanswered_tool_call_is_repaired()
    {
        using (var writer = new TranscriptWriter(FilePath, "s1", "/repo", "0.1.0", TimeProvider.System))
        {
            writer.RecordUser(Message.UserText("go"));
            var toolUse = new ToolUseBlock("toolu_1", "Bash", ScriptedModelClient.Json("""{"command":"make"}"""));
            writer.RecordAssistant(new AssistantMessage("msg_1", "claude-sonnet-5-5", new Message(Role.Assistant, [toolUse]), "tool_use", null, Usage.Zero, null), 0m);
        }

        File.AppendAllText(FilePath, """{"type":"user","message":{"role":"user","content":[{"type":"tool_res""");

        var loaded = TranscriptReader.Load(FilePath);

        loaded.SkippedLines.ShouldBe(1);
        loaded.RepairedToolCalls.ShouldBe(1);
        loaded.Messages.Count.ShouldBe(3);
        var result = loaded.Messages[2].Content.OfType<ToolResultBlock>().Single();
        result.ToolUseId.ShouldBe("toolu_1");
        result.IsError.ShouldBeTrue();
    }

    [Fact]
    public void Appending_after_a_torn_line_starts_a_fresh_line()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(FilePath, """{"type":"user","message":{"role":"user","content":"one"}}""" + "\n" + """{"type":"assis""");
        using (var writer = new TranscriptWriter(FilePath, "s1", "/repo", "0.1.0", TimeProvider.System))
        {
            writer.RecordUser(Message.UserText("two"));
        }

        var loaded = TranscriptReader.Load(FilePath);

        loaded.SkippedLines.ShouldBe(1);
        loaded.Messages.Single().Content.Count.ShouldBe(2);
    }

    [Fact]
    public void Orphaned_tool_results_are_dropped()
    {
        var messages = new List<Message>
        {
            Message.UserText("hi"),
            new(Role.Assistant, [new TextBlock("hello")]),
            new(Role.User, [new ToolResultBlock("toolu_ghost", [new TextBlock("?")], false), new TextBlock("next")]),
        };

        var (repaired, _) = ConversationRepair.Repair(messages);

        repaired[2].Content.ShouldHaveSingleItem().ShouldBeOfType<TextBlock>().Text.ShouldBe("next");
    }

    [Fact]
    public void The_sessions_folder_name_replaces_every_non_alphanumeric()
    {
        KeelPaths.Sanitize("/home/me/my.project_x").ShouldBe("-home-me-my-project-x");
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
