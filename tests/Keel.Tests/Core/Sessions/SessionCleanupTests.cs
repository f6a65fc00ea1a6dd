using Keel.Core.Sessions;

namespace Keel.Tests.Core.Sessions;

public sealed class SessionCleanupTests : IDisposable
{
    private readonly string _config = Directory.CreateTempSubdirectory("keel-cleanup-").FullName;

    public void Dispose() => Directory.Delete(_config, recursive: true);

    private string Session(string id, DateTime written)
    {
        var project = Path.Combine(_config, "projects", "-work-app");
        Directory.CreateDirectory(Path.Combine(project, id, "checkpoints"));
        File.WriteAllText(Path.Combine(project, id, "checkpoints", "abc"), "old content");
        var transcript = Path.Combine(project, id + ".jsonl");
        File.WriteAllText(transcript, "{}\n");
        File.SetLastWriteTimeUtc(transcript, written);
        return transcript;
    }

    [Fact]
    public void Sessions_older_than_the_period_go_with_their_checkpoints_and_newer_ones_stay()
    {
        var now = new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
        var old = Session("old", now.UtcDateTime.AddDays(-31));
        var resumed = Session("resumed", now.UtcDateTime.AddDays(-40));
        var recent = Session("recent", now.UtcDateTime.AddDays(-29));

        var pruned = SessionCleanup.Prune(_config, SessionCleanup.DefaultDays, now, keep: "resumed");

        pruned.ShouldBe(1);
        File.Exists(old).ShouldBeFalse();
        Directory.Exists(Path.Combine(Path.GetDirectoryName(old)!, "old")).ShouldBeFalse();
        File.Exists(resumed).ShouldBeTrue();
        File.Exists(recent).ShouldBeTrue();
        Directory.Exists(Path.Combine(Path.GetDirectoryName(recent)!, "recent", "checkpoints")).ShouldBeTrue();
        SessionCleanup.Prune(_config, 0, now).ShouldBe(0);
    }
}
