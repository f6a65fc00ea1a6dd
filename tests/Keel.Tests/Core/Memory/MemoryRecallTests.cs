using Keel.Core.Memory;
using Keel.Core.Messages;
using Keel.Testing.Time;
using Keel.Testing.Workspace;

namespace Keel.Tests.Core.Memory;

public sealed class MemoryRecallTests : IDisposable
{
    private readonly TempWorkspace _ws = new();
    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.Zero));

    private MemoryLocation Location => new(Path.Combine(_ws.Home, "project-mem"), Path.Combine(_ws.Home, "user-mem"), Enabled: true);

    private string Save(string dir, string file, string description, string body, DateTimeOffset modified)
    {
        var path = Path.Combine(Directory.CreateDirectory(dir).FullName, file);
        File.WriteAllText(path, $"---\nname: {file}\ndescription: {description}\ntype: project\n---\n{body}\n");
        File.SetLastWriteTimeUtc(path, modified.UtcDateTime);
        return path;
    }

    [Fact]
    public async Task The_small_model_sees_headers_and_the_files_it_picks_are_attached_with_a_stale_note_when_old()
    {
        Save(Location.ProjectDirectory, "deploy.md", "how releases are deployed", "Deploys go through the release train on Tuesdays.", _time.GetUtcNow().AddDays(-3));
        Save(Location.UserDirectory, "style.md", "the developer's code style", "Prefers early returns.", _time.GetUtcNow().AddMinutes(-5));
        Save(Location.ProjectDirectory, "unrelated.md", "the office coffee machine", "Broken.", _time.GetUtcNow().AddMinutes(-1));
        string? offered = null;
        var recall = new MemoryRecall(Location, (_, user, _) =>
        {
            offered = user;
            return Task.FromResult<string?>("""Sure: {"files": ["deploy.md", "user/style.md", "invented.md"]}""");
        }, _time);

        var texts = await recall.GatherAsync(Message.UserText("how do I ship this?"), [], CancellationToken.None);

        offered.ShouldNotBeNull();
        offered.ShouldContain("how do I ship this?");
        offered.ShouldContain("- deploy.md (project, 3 days ago): how releases are deployed");
        offered.ShouldContain("- user/style.md (project, 5 minutes ago): the developer's code style");
        offered.ShouldNotContain("Deploys go through");
        texts.Count.ShouldBe(2);
        texts[0].ShouldContain("Deploys go through the release train on Tuesdays.");
        texts[0].ShouldContain("may be stale");
        texts[1].ShouldContain("Prefers early returns.");
        texts[1].ShouldNotContain("may be stale");
        recall.Last.ShouldNotBeNull().Attached.Select(e => e.FileName).ShouldBe(["deploy.md", "style.md"]);
    }

    [Fact]
    public async Task A_memory_attached_once_is_not_offered_again_until_it_changes()
    {
        var path = Save(Location.ProjectDirectory, "deploy.md", "deploys", "Tuesdays.", _time.GetUtcNow().AddHours(-1));
        var offers = new List<string>();
        var recall = new MemoryRecall(Location, (_, user, _) =>
        {
            offers.Add(user);
            return Task.FromResult<string?>("""{"files": ["deploy.md"]}""");
        }, _time);

        (await recall.GatherAsync(Message.UserText("ship"), [], CancellationToken.None)).Count.ShouldBe(1);
        (await recall.GatherAsync(Message.UserText("ship again"), [], CancellationToken.None)).ShouldBeEmpty();
        File.SetLastWriteTimeUtc(path, _time.GetUtcNow().UtcDateTime);
        (await recall.GatherAsync(Message.UserText("and again"), [], CancellationToken.None)).Count.ShouldBe(1);

        offers.Count.ShouldBe(2); // nothing to offer the second time, so the model was not asked
    }

    [Fact]
    public async Task No_memories_means_no_side_request_and_at_most_five_files_are_attached()
    {
        var asked = 0;
        var recall = new MemoryRecall(Location, (_, _, _) =>
        {
            asked++;
            return Task.FromResult<string?>("""{"files": ["m0.md","m1.md","m2.md","m3.md","m4.md","m5.md","m6.md"]}""");
        }, _time);

        (await recall.GatherAsync(Message.UserText("hi"), [], CancellationToken.None)).ShouldBeEmpty();
        asked.ShouldBe(0);
        for (var i = 0; i < 7; i++)
        {
            Save(Location.ProjectDirectory, $"m{i}.md", $"memory {i}", $"body {i}", _time.GetUtcNow());
        }

        (await recall.GatherAsync(Message.UserText("hi"), [], CancellationToken.None)).Count.ShouldBe(MemoryRecall.MaxFiles);
    }

    [Fact]
    public async Task Prose_or_a_failed_answer_attaches_nothing()
    {
        Save(Location.ProjectDirectory, "deploy.md", "deploys", "Tuesdays.", _time.GetUtcNow());
        var prose = new MemoryRecall(Location, (_, _, _) => Task.FromResult<string?>("I think deploy.md is relevant."), _time);
        var failed = new MemoryRecall(Location, (_, _, _) => Task.FromResult<string?>(null), _time);

        (await prose.GatherAsync(Message.UserText("ship"), [], CancellationToken.None)).ShouldBeEmpty();
        (await failed.GatherAsync(Message.UserText("ship"), [], CancellationToken.None)).ShouldBeEmpty();
        failed.Last.ShouldNotBeNull().Problem.ShouldNotBeNull();
    }

    public void Dispose() => _ws.Dispose();
}
