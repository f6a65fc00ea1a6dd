using Keel.Core.Messages;
using Keel.Core.Sessions;

namespace Keel.Tests.Core.Sessions;

public sealed class TranscriptMarkReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-marks-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_reset_record_replaces_what_came_before_and_later_turns_follow_it()
    {
        var path = Path.Combine(_dir, "s.jsonl");
        using (var writer = new TranscriptWriter(path, "s", _dir, "test", TimeProvider.System))
        {
            writer.RecordUser(Message.UserText("old one"));
            writer.RecordUser(Message.UserText("old two"));
            writer.RecordConversationReset(new ConversationReset(ConversationReset.Rewind, [Message.UserText("old one")]));
            writer.RecordUser(Message.UserText("new"));
        }

        var loaded = TranscriptReader.Load(path);

        var text = string.Join("|", loaded.Messages.Select(m => m.Text));
        text.ShouldContain("old one");
        text.ShouldContain("new");
        text.ShouldNotContain("old two");
    }

    [Fact]
    public void A_transcript_without_marks_reads_as_before()
    {
        var path = Path.Combine(_dir, "old.jsonl");
        using (var writer = new TranscriptWriter(path, "old", _dir, "test", TimeProvider.System))
        {
            writer.RecordUser(Message.UserText("one"));
            writer.RecordUser(Message.UserText("two"));
        }

        var text = string.Join("|", TranscriptReader.Load(path).Messages.Select(m => m.Text));
        text.ShouldContain("one");
        text.ShouldContain("two");
    }
}
