using System.Text.Json.Nodes;
using Keel.EndToEnd.Tests.StreamInput;
using Keel.Testing.FakeServer;
using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests.Memory;

public sealed class DreamTests
{
    private static readonly string[] StreamArgs = ["--input-format", "stream-json", "--output-format", "stream-json", "--verbose"];
    private static readonly Dictionary<string, string?> Patient = new() { ["KEEL_MEMORY_DRAIN_MS"] = "60000" };

    private static bool IsDream(RecordedRequest r) => MemoryPaths.SystemText(r).Contains("You are consolidating the long-term memory", StringComparison.Ordinal);

    private static string SessionsDirectory(Scenario s) => Path.GetDirectoryName(MemoryPaths.ProjectMemory(s))!;

    private static void PastSessions(Scenario s, int count)
    {
        var dir = Directory.CreateDirectory(SessionsDirectory(s)).FullName;
        for (var i = 0; i < count; i++)
        {
            File.WriteAllText(Path.Combine(dir, $"past-{i}.jsonl"), "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"no, don't mock the database in tests\"}}\n");
        }
    }

    private static async Task<KeelResult> OneTurnAsync(Scenario s)
    {
        await using var keel = s.Keel.Start(StreamArgs, Patient);
        await keel.StandardInput.WriteLineAsync(StreamInputTests.User("hello"));
        keel.StandardInput.Close();
        return await keel.WaitForExitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Consolidation_waits_for_its_gates_runs_under_a_lock_one_process_at_a_time_and_a_killed_run_is_retried()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.GitInit();
        var memory = Directory.CreateDirectory(MemoryPaths.ProjectMemory(s)).FullName;
        File.WriteAllText(Path.Combine(memory, "MEMORY.md"), "- [Tests](feedback_tests.md): testing habits\n");
        var firstDreamArrived = new TaskCompletionSource();
        var never = new TaskCompletionSource();
        var dreamStarts = 0;
        s.Server.SetResponder(r =>
        {
            if (!IsDream(r))
            {
                return Turn.Text("Hi.");
            }

            if (r.Messages!.Count > 1)
            {
                return Turn.Text("Merged the testing feedback into one file.");
            }

            if (Interlocked.Increment(ref dreamStarts) == 1)
            {
                firstDreamArrived.TrySetResult();
                return Turn.Text("never sent").After(never.Task); // the first dream hangs until its process dies
            }

            return Turn.ToolUse("Write", new JsonObject
            {
                ["file_path"] = Path.Combine(memory, "feedback_tests.md"),
                ["content"] = "---\nname: Tests\ndescription: testing habits\ntype: feedback\nupdated: 2026-01-01\n---\nDo not mock the database in tests.\n",
            }.ToJsonString());
        });

        // Gate closed: only four other sessions so far.
        PastSessions(s, 4);
        (await OneTurnAsync(s)).ExitCode.ShouldBe(0);
        s.Server.MessageRequests.Count(IsDream).ShouldBe(0);

        // Five now (the run above was the fifth): the next session starts a dream and holds the lock.
        await using var first = s.Keel.Start(StreamArgs, Patient);
        await firstDreamArrived.Task.WaitAsync(TimeSpan.FromSeconds(60));

        // A second process while the first dreams: the lock is taken, so it does not dream.
        var second = await OneTurnAsync(s);
        second.ExitCode.ShouldBe(0, second.ToString());
        s.Server.MessageRequests.Count(IsDream).ShouldBe(1);

        // The first process dies mid-dream: nothing was recorded, so the next session dreams again and finishes.
        first.Kill();
        await first.WaitForExitAsync(TimeSpan.FromSeconds(30));
        File.Exists(Path.Combine(memory, ".dream-state")).ShouldBeFalse();
        var third = await OneTurnAsync(s);
        third.ExitCode.ShouldBe(0, third.ToString());
        s.Server.MessageRequests.Count(r => IsDream(r) && r.Messages!.Count == 1).ShouldBe(2);
        File.ReadAllText(Path.Combine(memory, "feedback_tests.md")).ShouldContain("Do not mock the database in tests.");
        File.Exists(Path.Combine(memory, ".dream-state")).ShouldBeTrue();

        // Consolidated just now: the 24-hour gate is closed again however many sessions follow.
        var dreamsSoFar = s.Server.MessageRequests.Count(IsDream);
        (await OneTurnAsync(s)).ExitCode.ShouldBe(0);
        s.Server.MessageRequests.Count(IsDream).ShouldBe(dreamsSoFar);

        var dream = s.Server.MessageRequests.First(IsDream);
        dream.ToolNames.Order().ShouldBe(["Bash", "Edit", "Glob", "Grep", "Read", "Write"]);
    }
}
