using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Keel.Core.Agent;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Tools;
using Keel.Tests.Core.Fakes;

namespace Keel.Tests.Core.Agent;

/// <summary>
/// Read-only calls start while the model still streams (at their block's content_block_stop); results come back in call
/// order; an abandoned attempt's calls are cancelled and leave nothing behind. The scripted streams hold the end of the
/// response until a tool has started, so a call that did not start early would stall the test (bounded by <see cref="Guard"/>).
/// </summary>
public sealed class EarlyToolStartTests
{
    // Only bounds a failing test; a passing one never waits this long.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_read_only_call_starts_before_the_response_ends_and_runs_once()
    {
        var started = Signal();
        var probe = Probe((_, _) =>
        {
            started.TrySetResult();
            return Task.FromResult(ToolResult.Success("probed"));
        });
        using var h = new LoopHarness([probe]);
        h.Model.Custom(ct => Response([("toolu_a", "Probe", "{}")], () => started.Task.WaitAsync(Guard), ct)).Text("done");

        var events = await h.RunAsync("go");

        events.OfType<TurnFinished>().Single().Reason.ShouldBe(TerminalReason.Completed);
        probe.Calls.ShouldBe(1);
        events.OfType<ToolFinished>().Single().Result.Text.ShouldBe("probed");
        Results(h.Model.Requests[1]).Select(r => r.ToolUseId).ShouldBe(["toolu_a"]);

        // What the call reported waited for the complete response: no card for a call of a response that may yet break.
        var complete = events.FindIndex(e => e is AssistantMessageCompleted);
        events.FindIndex(e => e is ToolStarted).ShouldBeGreaterThan(complete);
        events.FindIndex(e => e is PermissionResolved).ShouldBeGreaterThan(complete);
    }

    [Fact]
    public async Task Results_come_back_in_call_order_and_a_call_after_a_writing_one_waits_for_the_response()
    {
        var slowStarted = Signal();
        var fastDone = Signal();
        var finished = new ConcurrentQueue<string>();
        var ended = new StrongBox<bool>();
        var probe = Probe(async (input, _) =>
        {
            var name = input.GetProperty("n").GetString()!;
            if (name == "slow")
            {
                slowStarted.TrySetResult();
                await fastDone.Task;
            }

            finished.Enqueue(name);
            if (name == "fast")
            {
                fastDone.TrySetResult();
            }

            return ToolResult.Success(name);
        });
        var edit = new FakeTool("Edit", readOnly: false, (_, _) =>
        {
            finished.Enqueue(Volatile.Read(ref ended.Value) ? "edit after the response" : "edit during the response");
            return Task.FromResult(ToolResult.Success("edited"));
        });
        using var h = new LoopHarness([probe, edit]);
        h.Model.Custom(ct => Response(
            [("toolu_slow", "Probe", """{"n":"slow"}"""), ("toolu_fast", "Probe", """{"n":"fast"}"""), ("toolu_edit", "Edit", "{}")],
            () => Task.WhenAll(slowStarted.Task, fastDone.Task).WaitAsync(Guard),
            ct,
            ended)).Text("done");

        var events = await h.RunAsync("go");

        // Both reads ran during the stream (the response ended only after both had started), the fast one finishing first.
        finished.ShouldBe(["fast", "slow", "edit after the response"]);
        Results(h.Model.Requests[1]).Select(r => ((TextBlock)r.Content[0]).Text).ShouldBe(["slow", "fast", "edited"]);
        events.OfType<ToolFinished>().Select(f => f.Call.Id).ShouldBe(["toolu_slow", "toolu_fast", "toolu_edit"]);
        probe.Calls.ShouldBe(2);
        edit.Calls.ShouldBe(1);
    }

    [Fact]
    public async Task A_retried_attempt_cancels_its_early_call_and_leaves_nothing_behind()
    {
        var firstStarted = Signal();
        var firstCancelled = false;
        var runs = new ConcurrentQueue<string>();
        ToolSession? session = null;
        string? seen = null;
        var probe = Probe(async (input, ct) =>
        {
            var n = input.GetProperty("n").GetInt32();
            runs.Enqueue("run " + n);
            if (n == 2)
            {
                return ToolResult.Success("second");
            }

            // The first attempt's call records a read, as Read does, then runs until it is cancelled.
            session!.Reads.Record(seen!);
            firstStarted.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                firstCancelled = true;
                throw;
            }

            return ToolResult.Success("unreachable");
        });
        using var h = new LoopHarness([probe]);
        session = h.Session;
        seen = Path.Combine(h.Root, "seen.txt");
        File.WriteAllText(seen, "x");
        h.Model.Custom(ct => Response(
            [("toolu_first", "Probe", """{"n":1}""")],
            async () =>
            {
                await firstStarted.Task.WaitAsync(Guard);
                throw new ModelCallException(new ModelError(ModelErrorKind.Connection, "connection reset"));
            },
            ct))
            .ToolUse("Probe", """{"n":2}""", "toolu_second")
            .Text("done");

        var events = await h.RunAsync("go");

        events.OfType<TurnFinished>().Single().Reason.ShouldBe(TerminalReason.Completed);
        events.OfType<RetryScheduled>().Count().ShouldBe(1);
        firstCancelled.ShouldBeTrue();
        runs.ShouldBe(["run 1", "run 2"]);
        ToolEventIds(events).ShouldAllBe(id => id == "toolu_second");
        ToolEventIds(events).ShouldNotBeEmpty();
        h.Model.Requests.Count.ShouldBe(3);
        Results(h.Model.Requests[2]).Select(r => r.ToolUseId).ShouldBe(["toolu_second"]);

        // The read the abandoned call recorded no longer counts (an Edit would not trust a file the model never saw).
        h.Session.Reads.Get(seen).ShouldBeNull();
    }

    [Fact]
    public async Task A_call_from_an_attempt_that_breaks_the_protocol_is_cancelled_and_nothing_of_it_is_seen()
    {
        var started = Signal();
        var cancelled = false;
        var probe = Probe(async (_, ct) =>
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }

            return ToolResult.Success("unreachable");
        });
        using var h = new LoopHarness([probe]);
        h.Model.Custom(ct => Broken(started.Task, ct)).Text("clean answer");

        var events = await h.RunAsync("go");

        var finished = events.OfType<TurnFinished>().Single();
        finished.Reason.ShouldBe(TerminalReason.Completed);
        finished.ResultText.ShouldBe("clean answer");
        cancelled.ShouldBeTrue();
        events.OfType<ToolStarted>().ShouldBeEmpty();
        events.OfType<ToolFinished>().ShouldBeEmpty();
        events.OfType<PermissionResolved>().ShouldBeEmpty();
        h.Loop.Messages.SelectMany(m => m.Content).OfType<ToolUseBlock>().ShouldBeEmpty();
        h.Loop.Messages.SelectMany(m => m.Content).OfType<ToolResultBlock>().ShouldBeEmpty();
    }

    [Fact]
    public async Task A_failing_call_cancels_a_sibling_that_started_early()
    {
        var waiterStarted = Signal();
        var probe = Probe(async (input, ct) =>
        {
            if (input.GetProperty("n").GetString() == "fail")
            {
                await waiterStarted.Task;
                return ToolResult.Error("no such file");
            }

            waiterStarted.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return ToolResult.Success("unreachable");
        }, cancelsSiblings: true);
        using var h = new LoopHarness([probe]);
        h.Model.Custom(ct => Response(
            [("toolu_wait", "Probe", """{"n":"wait"}"""), ("toolu_fail", "Probe", """{"n":"fail"}""")],
            () => waiterStarted.Task.WaitAsync(Guard),
            ct)).Text("done");

        var events = await h.RunAsync("go");

        var results = Results(h.Model.Requests[1]);
        results.Select(r => r.ToolUseId).ShouldBe(["toolu_wait", "toolu_fail"]);
        results.ShouldAllBe(r => r.IsError);
        ((TextBlock)results[0].Content[0]).Text.ShouldContain("sibling tool call failed");
        ((TextBlock)results[1].Content[0]).Text.ShouldBe("no such file");
        events.OfType<ToolFinished>().Count().ShouldBe(2);
    }

    private static FakeTool Probe(Func<JsonElement, CancellationToken, Task<ToolResult>> run, bool cancelsSiblings = false) =>
        new("Probe", readOnly: true, run) { StartsEarly = true, CancelsSiblings = cancelsSiblings };

    private static TaskCompletionSource Signal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static List<ToolResultBlock> Results(ModelRequest request) =>
        [.. request.Messages[^1].Content.OfType<ToolResultBlock>()];

    private static List<string> ToolEventIds(List<AgentEvent> events) =>
    [
        .. events.Select(static e => e switch
        {
            ToolStarted s => s.Call.Id,
            ToolFinished f => f.Call.Id,
            PermissionResolved p => p.Call.Id,
            _ => null,
        }).OfType<string>(),
    ];

    /// <summary>A response of tool calls whose end (message_delta, message_stop) waits for <paramref name="beforeEnd"/>.</summary>
    private static async IAsyncEnumerable<ModelStreamEvent> Response(
        (string Id, string Name, string Json)[] calls,
        Func<Task> beforeEnd,
        [EnumeratorCancellation] CancellationToken ct,
        StrongBox<bool>? ended = null)
    {
        await Task.Yield();
        yield return new MessageStartEvent("msg_early", "claude-sonnet-5-5", new Usage(10, 1, 0, 0));
        for (var i = 0; i < calls.Length; i++)
        {
            yield return new ContentBlockStartEvent(i, new ToolUseBlock(calls[i].Id, calls[i].Name, MessageJson.EmptyObject));
            yield return new ContentBlockDeltaEvent(i, new InputJsonDelta(calls[i].Json));
            yield return new ContentBlockStopEvent(i);
        }

        await beforeEnd();
        ct.ThrowIfCancellationRequested();
        if (ended is not null)
        {
            Volatile.Write(ref ended.Value, true);
        }

        yield return new MessageDeltaEvent("tool_use", null, new Usage(0, 5, 0, 0));
        yield return new MessageStopEvent();
    }

    /// <summary>A complete tool call, then (once it started) a delta for its already stopped block: a broken attempt.</summary>
    private static async IAsyncEnumerable<ModelStreamEvent> Broken(Task started, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        yield return new MessageStartEvent("msg_broken", "claude-sonnet-5-5", new Usage(10, 1, 0, 0));
        yield return new ContentBlockStartEvent(0, new ToolUseBlock("toolu_broken", "Probe", MessageJson.EmptyObject));
        yield return new ContentBlockDeltaEvent(0, new InputJsonDelta("{}"));
        yield return new ContentBlockStopEvent(0);
        await started.WaitAsync(Guard, ct);
        yield return new ContentBlockDeltaEvent(0, new InputJsonDelta("{\"late\":true}"));
        yield return new MessageDeltaEvent("tool_use", null, new Usage(0, 5, 0, 0));
        yield return new MessageStopEvent();
    }
}
