using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests;

/// <summary>cleanupPeriodDays at start-up: old sessions go with their checkpoint folders; recent, resumed and broken ones do not stop keel.</summary>
public sealed class SessionCleanupTests
{
    private static string OldSession(Scenario s, string project, string id, int daysOld, string content = "{}\n")
    {
        var folder = Path.Combine(s.Workspace.ConfigDir, "projects", project);
        Directory.CreateDirectory(Path.Combine(folder, id, "checkpoints"));
        File.WriteAllText(Path.Combine(folder, id, "checkpoints", "0123abcd"), "checkpointed content\n");
        var transcript = Path.Combine(folder, id + ".jsonl");
        File.WriteAllText(transcript, content);
        File.SetLastWriteTimeUtc(transcript, DateTime.UtcNow.AddDays(-daysOld));
        return transcript;
    }

    [Fact]
    public async Task Old_sessions_and_their_checkpoints_are_pruned_at_start_up_and_recent_ones_stay()
    {
        await using var s = await Scenario.StartAsync();
        var old = OldSession(s, "-some-other-project", "old-session", 45, "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"hi\"}}\n");
        var broken = OldSession(s, "-some-other-project", "broken-session", 60, "{\"type\":\"user\",\"mess\u0001");
        var recent = OldSession(s, "-some-other-project", "recent-session", 3, "not json at all\n");
        s.Script(Turn.Text("Hello."));

        var result = await s.RunAsync("-p", "hi");

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stdout.Trim().ShouldBe("Hello.");
        File.Exists(old).ShouldBeFalse();
        Directory.Exists(old[..^".jsonl".Length]).ShouldBeFalse();
        File.Exists(broken).ShouldBeFalse();
        File.Exists(recent).ShouldBeTrue();
        File.Exists(Path.Combine(recent[..^".jsonl".Length], "checkpoints", "0123abcd")).ShouldBeTrue();
    }

    [Fact]
    public async Task The_period_comes_from_settings()
    {
        await using var s = await Scenario.StartAsync();
        var tenDays = OldSession(s, "-p", "ten-days", 10);
        var twoDays = OldSession(s, "-p", "two-days", 2);
        s.Workspace.Write(".keel/settings.json", """{"cleanupPeriodDays": 5}""");
        s.Script(Turn.Text("Hello."));

        var result = await s.RunAsync("-p", "hi");

        result.ExitCode.ShouldBe(0, result.ToString());
        File.Exists(tenDays).ShouldBeFalse();
        File.Exists(twoDays).ShouldBeTrue();
    }

    [Fact]
    public async Task Resuming_a_session_older_than_the_period_keeps_it_and_its_checkpoints()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("Write", """{"file_path":"a.txt","content":"one\n"}"""), Turn.Text("Wrote a."));
        var first = await s.RunAsync("-p", "write a", "--dangerously-skip-permissions", "--output-format", "json");
        first.ExitCode.ShouldBe(0, first.ToString());
        var id = (string)Scenario.ParseJson(first)["session_id"]!;
        var transcript = Directory.GetFiles(Path.Combine(s.Workspace.ConfigDir, "projects"), id + ".jsonl", SearchOption.AllDirectories).Single();
        var checkpoints = Path.Combine(transcript[..^".jsonl".Length], "checkpoints");
        Directory.EnumerateFiles(checkpoints).ShouldNotBeEmpty();
        File.SetLastWriteTimeUtc(transcript, DateTime.UtcNow.AddDays(-90));
        s.Script(Turn.Text("Still here."));

        var resumed = await s.RunAsync("-p", "again", "-r", id);

        resumed.ExitCode.ShouldBe(0, resumed.ToString());
        resumed.Stdout.Trim().ShouldBe("Still here.");
        File.Exists(transcript).ShouldBeTrue();
        Directory.EnumerateFiles(checkpoints).ShouldNotBeEmpty();
    }
}
