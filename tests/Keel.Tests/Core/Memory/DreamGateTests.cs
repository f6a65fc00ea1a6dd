using Keel.Core.Memory;
using Keel.Testing.Workspace;

namespace Keel.Tests.Core.Memory;

public sealed class DreamGateTests : IDisposable
{
    private readonly TempWorkspace _ws = new();

    private string Sessions => Directory.CreateDirectory(Path.Combine(_ws.Home, "sessions")).FullName;

    private MemoryLocation Location => new(Path.Combine(Sessions, "memory"), Path.Combine(_ws.Home, "user-mem"), Enabled: true);

    private void Transcripts(int count, DateTime modified)
    {
        for (var i = 0; i < count; i++)
        {
            var path = Path.Combine(Sessions, $"s{modified.Ticks}-{i}.jsonl");
            File.WriteAllText(path, "{}\n");
            File.SetLastWriteTimeUtc(path, modified);
        }
    }

    [Fact]
    public void The_gates_open_only_with_a_memory_folder_five_other_sessions_and_a_day_since_the_last_run()
    {
        var now = DateTimeOffset.UtcNow;
        DreamGate.Closed(Location, Sessions, "current", now, out _).ShouldBe("the project has no memory folder yet");
        Directory.CreateDirectory(Location.ProjectDirectory);
        Transcripts(4, now.UtcDateTime.AddHours(-1));
        File.WriteAllText(Path.Combine(Sessions, "current.jsonl"), "{}\n");
        DreamGate.Closed(Location, Sessions, "current", now, out var sessions).ShouldNotBeNull();
        sessions.ShouldBe(4);

        Transcripts(1, now.UtcDateTime.AddMinutes(-5));
        DreamGate.Closed(Location, Sessions, "current", now, out sessions).ShouldBeNull();
        sessions.ShouldBe(5);

        using (var held = DreamLock.TryAcquire(Location.ProjectDirectory).ShouldNotBeNull())
        {
            held.Complete(now);
        }

        DreamGate.Closed(Location, Sessions, "current", now, out _).ShouldBe("the last consolidation was less than 24 hours ago");
        DreamGate.Closed(Location, Sessions, "current", now.AddHours(21), out _).ShouldNotBeNull();

        // A day later the hours gate opens, but only sessions after the last run count.
        DreamGate.Closed(Location, Sessions, "current", now.AddHours(30), out sessions).ShouldNotBeNull();
        sessions.ShouldBe(0);
        Transcripts(5, now.UtcDateTime.AddHours(1));
        DreamGate.Closed(Location, Sessions, "current", now.AddHours(30), out _).ShouldBeNull();
        DreamGate.Closed(Location with { Enabled = false }, Sessions, "current", now.AddHours(30), out _).ShouldBe("auto memory is off");
    }

    [Fact]
    public void The_lock_is_exclusive_and_released_on_dispose_and_a_run_that_never_completed_leaves_the_state_alone()
    {
        Directory.CreateDirectory(Location.ProjectDirectory);
        using (var first = DreamLock.TryAcquire(Location.ProjectDirectory).ShouldNotBeNull())
        {
            DreamLock.TryAcquire(Location.ProjectDirectory).ShouldBeNull();
        }

        DreamLock.LastConsolidated(Location.ProjectDirectory).ShouldBeNull();
        using var again = DreamLock.TryAcquire(Location.ProjectDirectory).ShouldNotBeNull();
        var at = new DateTimeOffset(2026, 5, 1, 8, 0, 0, TimeSpan.Zero);
        again.Complete(at);
        DreamLock.LastConsolidated(Location.ProjectDirectory).ShouldBe(at);
    }

    public void Dispose() => _ws.Dispose();
}
