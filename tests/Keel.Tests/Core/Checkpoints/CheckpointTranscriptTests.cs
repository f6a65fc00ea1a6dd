using Keel.Core.Checkpoints;
using Keel.Core.Messages;
using Keel.Core.Sessions;

namespace Keel.Tests.Core.Checkpoints;

/// <summary>Prompts and checkpoints are in the transcript, so <c>-c</c>/<c>-r</c> can rewind what an earlier run did.</summary>
public sealed class CheckpointTranscriptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-checkpoint-transcript-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Prompt_ids_rewind_points_and_checkpoint_records_read_back()
    {
        var path = Path.Combine(_dir, "s.jsonl");
        var file = Path.Combine(_dir, "a.txt");
        using (var writer = new TranscriptWriter(path, "s", _dir, "test", TimeProvider.System))
        {
            writer.RecordPrompt(Message.UserText("one"), "p1");
            writer.RecordCheckpoint(new FileCheckpointRecord("p1", file, Backup: true, Hash: null));
            writer.RecordAssistant(new AssistantMessage("m1", "model", new Message(Role.Assistant, [new ToolUseBlock("t1", "Scribe", ScriptedJson("{}"))]), "tool_use", null, Usage.Zero, null), 0m);
            writer.RecordUser(new Message(Role.User, [new ToolResultBlock("t1", [new TextBlock("interrupted")], IsError: true)]));
            writer.RecordCheckpoint(new FileCheckpointRecord("p1", file, Backup: false, Hash: "abc"));
            writer.RecordPrompt(Message.UserText("two"), "p2");
            writer.RecordPrompt(Message.UserText("three"), "p3");
            writer.RecordConversationReset(new ConversationReset(ConversationReset.Rewind, []) { PromptId = "p3" });
        }

        var loaded = TranscriptReader.Load(path);

        loaded.PromptIds.ShouldBe(["p1", "p2", "p3"]);
        loaded.Prompts.Select(p => p.Id).ShouldBe(["p1", "p2"]);
        loaded.Prompts[1].Before[^1].Content.OfType<ToolResultBlock>().ShouldHaveSingleItem();
        loaded.Checkpoints.ShouldBe([new FileCheckpointRecord("p1", file, true, null), new FileCheckpointRecord("p1", file, false, "abc")]);
        File.ReadAllText(path).ShouldContain("\"uuid\":\"p2\"");
    }

    private static System.Text.Json.JsonElement ScriptedJson(string json) => Keel.Tests.Core.Fakes.ScriptedModelClient.Json(json);
}
