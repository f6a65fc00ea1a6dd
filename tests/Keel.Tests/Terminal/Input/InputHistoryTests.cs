using Keel.Terminal.Input;

namespace Keel.Tests.Terminal.Input;

public sealed class InputHistoryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("keel-history-").FullName;

    [Fact]
    public void Entries_persist_and_up_down_walk_them_back_to_the_draft()
    {
        var path = Path.Combine(_dir, "history.jsonl");
        var first = new InputHistory(path, "/p", TimeProvider.System);
        first.Add("one");
        first.Add("two\nlines");

        var history = new InputHistory(path, "/p", TimeProvider.System);
        history.Previous("draft").ShouldBe("two\nlines");
        history.Previous("ignored").ShouldBe("one");
        history.Previous("ignored").ShouldBeNull();
        history.Next().ShouldBe("two\nlines");
        history.Next().ShouldBe("draft");
    }

    [Fact]
    public void A_torn_line_is_skipped_and_search_finds_the_newest_match_first()
    {
        var path = Path.Combine(_dir, "history.jsonl");
        File.WriteAllText(path, """
            {"display":"git status"}
            {"display":"npm te
            {"display":"git push"}

            """);
        var history = new InputHistory(path, "/p", TimeProvider.System);
        history.Entries.ShouldBe(["git status", "git push"]);
        var hit = history.Search("git", int.MaxValue);
        hit!.Value.Text.ShouldBe("git push");
        history.Search("git", hit.Value.Index)!.Value.Text.ShouldBe("git status");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
