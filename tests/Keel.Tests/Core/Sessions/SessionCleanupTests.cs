using Keel.Core.Sessions;

namespace Keel.Tests.Core.Sessions;

/// <summary>cleanupPeriodDays: old transcripts go with their session folders; recent, current and resumed ones stay; odd files never crash it.</summary>
public sealed class SessionCleanupTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private readonly string _config = Directory.CreateTempSubdirectory("keel-cleanup-").FullName;

    public void Dispose() => Directory.Delete(_config, recursive: true);

    [Fact]
    public void Sessions_older_than_the_period_go_with_their_checkpoints_and_newer_ones_stay()
    {
        var old = Session("old", Now.UtcDateTime.AddDays(-31));
        var resumed = Session("resumed", Now.UtcDateTime.AddDays(-40));
        var current = Session("current", Now.UtcDateTime.AddDays(-90));
        var recent = Session("recent", Now.UtcDateTime.AddDays(-29));
        var otherProject = Session("elsewhere", Now.UtcDateTime.AddDays(-60), project: "-work-other");

        var pruned = SessionCleanup.Prune(_config, SessionCleanup.DefaultDays, Now, keep: ["current", "resumed"]);

        pruned.ShouldBe(2);
        File.Exists(old).ShouldBeFalse();
        Directory.Exists(Folder(old)).ShouldBeFalse();
        File.Exists(otherProject).ShouldBeFalse();
        Directory.Exists(Folder(otherProject)).ShouldBeFalse();
        foreach (var kept in new[] { resumed, current, recent })
        {
            File.Exists(kept).ShouldBeTrue(kept);
            File.ReadAllText(Path.Combine(Folder(kept), "checkpoints", "abc")).ShouldBe("old content");
        }
    }

    [Fact]
    public void The_period_is_a_setting_and_zero_or_less_prunes_nothing()
    {
        var tenDays = Session("ten", Now.UtcDateTime.AddDays(-10));

        SessionCleanup.Prune(_config, 0, Now).ShouldBe(0);
        SessionCleanup.Prune(_config, -5, Now).ShouldBe(0);
        SessionCleanup.Prune(_config, 11, Now).ShouldBe(0);
        File.Exists(tenDays).ShouldBeTrue();

        SessionCleanup.Prune(_config, 9, Now).ShouldBe(1);
        File.Exists(tenDays).ShouldBeFalse();
    }

    [Fact]
    public void Broken_and_odd_files_do_not_stop_it()
    {
        var broken = Session("broken", Now.UtcDateTime.AddDays(-45), content: "{\"type\":\"user\",\"mess\u0000age\":");
        var empty = Session("empty", Now.UtcDateTime.AddDays(-45), content: string.Empty);
        var project = Path.GetDirectoryName(broken)!;
        // A folder named like a transcript, a stray file, an old session without a folder, a subagent transcript.
        Directory.CreateDirectory(Path.Combine(project, "weird.jsonl"));
        File.WriteAllText(Path.Combine(project, "notes.txt"), "x");
        File.SetLastWriteTimeUtc(Path.Combine(project, "notes.txt"), Now.UtcDateTime.AddDays(-100));
        var lone = Path.Combine(project, "lone.jsonl");
        File.WriteAllText(lone, "{}\n");
        File.SetLastWriteTimeUtc(lone, Now.UtcDateTime.AddDays(-100));
        var recent = Session("recent", Now.UtcDateTime.AddDays(-1));
        var subagent = Path.Combine(Folder(recent), "subagents", "agent-1.jsonl");
        Directory.CreateDirectory(Path.GetDirectoryName(subagent)!);
        File.WriteAllText(subagent, "{}\n");
        File.SetLastWriteTimeUtc(subagent, Now.UtcDateTime.AddDays(-100));
        File.WriteAllText(Path.Combine(_config, "projects", "stray.jsonl"), "{}\n");

        var pruned = SessionCleanup.Prune(_config, SessionCleanup.DefaultDays, Now);

        pruned.ShouldBe(3);
        File.Exists(broken).ShouldBeFalse();
        File.Exists(empty).ShouldBeFalse();
        File.Exists(lone).ShouldBeFalse();
        Directory.Exists(Path.Combine(project, "weird.jsonl")).ShouldBeTrue();
        File.Exists(Path.Combine(project, "notes.txt")).ShouldBeTrue();
        File.Exists(subagent).ShouldBeTrue();
        File.Exists(Path.Combine(_config, "projects", "stray.jsonl")).ShouldBeTrue();
    }

    [Fact]
    public void A_session_folder_that_is_a_link_loses_only_the_link()
    {
        var elsewhere = Directory.CreateDirectory(Path.Combine(_config, "precious")).FullName;
        File.WriteAllText(Path.Combine(elsewhere, "keep.txt"), "mine");
        var project = Path.Combine(_config, "projects", "-work-app");
        Directory.CreateDirectory(project);
        var transcript = Path.Combine(project, "linked.jsonl");
        File.WriteAllText(transcript, "{}\n");
        File.SetLastWriteTimeUtc(transcript, Now.UtcDateTime.AddDays(-60));
        Directory.CreateSymbolicLink(Path.Combine(project, "linked"), elsewhere);

        SessionCleanup.Prune(_config, SessionCleanup.DefaultDays, Now).ShouldBe(1);

        File.Exists(transcript).ShouldBeFalse();
        Path.Exists(Path.Combine(project, "linked")).ShouldBeFalse();
        File.ReadAllText(Path.Combine(elsewhere, "keep.txt")).ShouldBe("mine");
    }

    [Fact]
    public void Missing_config_folders_prune_nothing() =>
        SessionCleanup.Prune(Path.Combine(_config, "nowhere"), SessionCleanup.DefaultDays, Now).ShouldBe(0);

    private string Session(string id, DateTime written, string project = "-work-app", string content = "{}\n")
    {
        var folder = Path.Combine(_config, "projects", project);
        Directory.CreateDirectory(Path.Combine(folder, id, "checkpoints"));
        File.WriteAllText(Path.Combine(folder, id, "checkpoints", "abc"), "old content");
        var transcript = Path.Combine(folder, id + ".jsonl");
        File.WriteAllText(transcript, content);
        File.SetLastWriteTimeUtc(transcript, written);
        return transcript;
    }

    private static string Folder(string transcript) => Path.Combine(Path.GetDirectoryName(transcript)!, Path.GetFileNameWithoutExtension(transcript));
}
