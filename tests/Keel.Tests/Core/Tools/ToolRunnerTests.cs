using Keel.Core.Agent;
using Keel.Core.Messages;
using Keel.Core.Tools;
using Keel.Tests.Core.Fakes;

namespace Keel.Tests.Core.Tools;

public sealed class ToolRunnerTests
{
    [Fact]
    public async Task Read_only_calls_run_in_parallel_and_report_in_call_order()
    {
        var inFlight = 0;
        var maxInFlight = 0;
        var gate = new TaskCompletionSource();
        var tool = new FakeTool("Look", readOnly: true, async (input, ct) =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            if (now == 3)
            {
                gate.TrySetResult();
            }

            await gate.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            Interlocked.Decrement(ref inFlight);
            return ToolResult.Success(input.GetProperty("n").GetInt32().ToString());
        });
        using var h = new LoopHarness([tool]);
        h.Model.ToolUses(("Look", """{"n":1}"""), ("Look", """{"n":2}"""), ("Look", """{"n":3}""")).Text("ok");

        var events = await h.RunAsync("go");

        maxInFlight.ShouldBe(3);
        events.OfType<ToolFinished>().Select(f => f.Result.Text).ShouldBe(["1", "2", "3"]);
    }

    [Fact]
    public async Task A_write_runs_alone_between_reads()
    {
        var order = new List<string>();
        var read = new FakeTool("R", readOnly: true, (_, _) => { lock (order) { order.Add("R"); } return Task.FromResult(ToolResult.Success("r")); });
        var write = new FakeTool("W", readOnly: false, (_, _) => { lock (order) { order.Add("W"); } return Task.FromResult(ToolResult.Success("w")); });
        using var h = new LoopHarness([read, write]);
        h.Model.ToolUses(("R", "{}"), ("W", "{}"), ("R", "{}")).Text("ok");

        await h.RunAsync("go");

        order.ShouldBe(["R", "W", "R"]);
    }

    [Fact]
    public async Task A_failing_call_that_cancels_siblings_stops_the_others()
    {
        var started = new TaskCompletionSource();
        var slow = new FakeTool("Slow", readOnly: true, async (_, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return ToolResult.Success("never");
        });
        var failing = new FakeTool("Fail", readOnly: true, async (_, _) =>
        {
            await started.Task;
            return ToolResult.Error("exit 1");
        }) { CancelsSiblings = true };
        using var h = new LoopHarness([slow, failing]);
        h.Model.ToolUses(("Slow", "{}"), ("Fail", "{}")).Text("ok");

        var events = await h.RunAsync("go").WaitAsync(TimeSpan.FromSeconds(10));

        var results = events.OfType<ToolFinished>().ToList();
        results[0].Result.Text.ShouldContain("sibling tool call failed");
        results[1].Result.Text.ShouldBe("exit 1");
    }

    [Fact]
    public async Task Oversized_output_is_spilled_with_a_preview_and_path()
    {
        var big = new string('x', 5000) + "END";
        var tool = new FakeTool("Big", readOnly: true, (_, _) => Task.FromResult(ToolResult.Success(big))) { MaxResultChars = 1000 };
        using var h = new LoopHarness([tool]);
        h.Model.ToolUse("Big", "{}", id: "toolu_big").Text("ok");

        var events = await h.RunAsync("go");

        var text = events.OfType<ToolFinished>().Single().Result.Text;
        text.Length.ShouldBeLessThan(1300);
        text.ShouldEndWith("END");
        var path = Path.Combine(h.Session.SessionDirectory, "tool-results", "toolu_big.txt");
        text.ShouldContain(path);
        File.ReadAllText(path).ShouldBe(big);
    }

    [Fact]
    public async Task A_tool_that_throws_becomes_an_error_result()
    {
        var tool = new FakeTool("Boom", readOnly: true, (_, _) => throw new InvalidOperationException("kaput"));
        using var h = new LoopHarness([tool]);
        h.Model.ToolUse("Boom", "{}").Text("ok");

        var events = await h.RunAsync("go");

        var result = events.OfType<ToolFinished>().Single().Result;
        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("kaput");
        h.Loop.Messages[2].Content.OfType<ToolResultBlock>().Single().IsError.ShouldBeTrue();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
