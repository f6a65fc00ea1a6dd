using Keel.Core.Compaction;
using Keel.Core.Messages;

namespace Keel.Tests.Core.Compaction;

public sealed class MicrocompactorTests
{
    private static List<Message> Conversation(int rounds)
    {
        var messages = new List<Message> { Message.UserText("start") };
        for (var i = 0; i < rounds; i++)
        {
            messages.Add(new Message(Role.Assistant, [new ToolUseBlock($"t{i}", "Read", MessageJson.EmptyObject)]));
            messages.Add(new Message(Role.User, [new ToolResultBlock($"t{i}", [new TextBlock(new string('r', 4_000))], IsError: false)]));
        }

        return messages;
    }

    [Fact]
    public void Clears_all_but_the_newest_results_and_keeps_every_pair()
    {
        var (messages, cleared, freed) = Microcompactor.Clear(Conversation(8), keepRecent: 5);

        cleared.ShouldBe(3);
        freed.ShouldBeGreaterThan(2_500);
        var results = messages.SelectMany(static m => m.Content).OfType<ToolResultBlock>().ToList();
        results.Select(static r => r.ToolUseId).ShouldBe(Enumerable.Range(0, 8).Select(static i => $"t{i}"));
        results.Take(3).ShouldAllBe(r => Microcompactor.IsCleared(r));
        results.Skip(3).ShouldAllBe(r => !Microcompactor.IsCleared(r));
    }

    [Fact]
    public void Clearing_twice_frees_nothing_more()
    {
        var (once, _, _) = Microcompactor.Clear(Conversation(8), keepRecent: 5);
        var (twice, cleared, freed) = Microcompactor.Clear(once, keepRecent: 5);

        (cleared, freed).ShouldBe((0, 0L));
        twice.ShouldBeSameAs(once);
    }
}
