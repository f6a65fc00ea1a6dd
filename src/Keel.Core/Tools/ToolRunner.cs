using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Keel.Core.Agent;
using Keel.Core.Messages;
using Keel.Core.Tools.Pipeline;

namespace Keel.Core.Tools;

/// <summary>
/// Runs the tool calls of one model response through the <see cref="ToolPipeline"/>. Consecutive
/// concurrency-safe calls run together (up to <see cref="MaxParallel"/>), anything else alone; results come
/// back in call order, and every call gets exactly one result — on denial, failure and cancellation too.
/// </summary>
public sealed class ToolRunner(ToolPipeline pipeline)
{
    public const int MaxParallel = 10;

    public const string InterruptedMessage = "The user interrupted this tool call; it did not finish.";

    public ToolPipeline Pipeline => pipeline;

    /// <summary>The session state the calls share.</summary>
    public ToolSession Session => pipeline.Parts.Session;

    public IAsyncEnumerable<AgentEvent> RunAsync(IReadOnlyList<ToolUseBlock> calls, ICollection<ToolOutcome> outcomes, CancellationToken cancellationToken) =>
        RunAsync(calls, outcomes, null, cancellationToken);

    /// <param name="early">Calls of this response that started while it streamed; they join the first batch, already running.</param>
    public async IAsyncEnumerable<AgentEvent> RunAsync(
        IReadOnlyList<ToolUseBlock> calls,
        ICollection<ToolOutcome> outcomes,
        EarlyToolStarts? early,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var session = pipeline.Session;
        var channel = Channel.CreateUnbounded<AgentEvent>(new UnboundedChannelOptions { SingleReader = true });
        Action<AgentEvent> emit = e => channel.Writer.TryWrite(e);
        var (started, startedSiblings) = early is null ? ([], null) : await early.TakeOverAsync(calls, emit);
        var prepared = new List<ToolCall>(calls.Count);
        for (var i = 0; i < calls.Count; i++)
        {
            prepared.Add(i < started.Count ? started[i].Call : pipeline.Prepare(calls[i], emit, cancellationToken));
        }

        var index = 0;
        while (index < prepared.Count)
        {
            // The calls started early are all concurrency-safe and at most MaxParallel, so the first batch holds them all.
            var batch = NextBatch(prepared, index);
            var running = index == 0 ? started : [];
            index += batch.Count;
            var todos = session.Todos.Version;
            await foreach (var item in RunBatchAsync(batch, running, running.Count > 0 ? startedSiblings : null, channel, outcomes, cancellationToken))
            {
                yield return item;
                if (item is ToolFinished && session.Todos.Version != todos)
                {
                    todos = session.Todos.Version;
                    yield return new TodosUpdated(session.Todos.Items);
                }
            }
        }
    }

    private static List<ToolCall> NextBatch(List<ToolCall> calls, int start)
    {
        var batch = new List<ToolCall> { calls[start] };
        if (!IsSafe(calls[start]))
        {
            return batch;
        }

        for (var i = start + 1; i < calls.Count && batch.Count < MaxParallel && IsSafe(calls[i]); i++)
        {
            batch.Add(calls[i]);
        }

        return batch;
    }

    private static bool IsSafe(ToolCall call) => call.Input is { Facets.IsConcurrencySafe: true };

    private async IAsyncEnumerable<AgentEvent> RunBatchAsync(
        List<ToolCall> batch,
        IReadOnlyList<EarlyToolStarts.StartedCall> running,
        CancellationTokenSource? startedSiblings,
        Channel<AgentEvent> channel,
        ICollection<ToolOutcome> outcomes,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // Calls started early already share their attempt's cancellation; the batch's other calls join it.
        using var own = startedSiblings is null ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null;
        var siblings = startedSiblings ?? own!;
        var tasks = new Task<ToolOutcome>[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var call = batch[i];
            tasks[i] = i < running.Count
                ? FinishAsync(call, running[i].Run, siblings)
                : batch.Count == 1
                    ? RunOneAsync(call, siblings)
                    : Task.Run(() => RunOneAsync(call, siblings), CancellationToken.None);
        }

        var all = Task.WhenAll(tasks);
        while (!all.IsCompleted)
        {
            var wait = channel.Reader.WaitToReadAsync(CancellationToken.None).AsTask();
            await Task.WhenAny(all, wait);
            while (channel.Reader.TryRead(out var item))
            {
                yield return item;
            }
        }

        while (channel.Reader.TryRead(out var item))
        {
            yield return item;
        }

        foreach (var task in tasks)
        {
            var outcome = await task;
            outcomes.Add(outcome);
            yield return new ToolFinished(outcome.Call, outcome.Result, outcome.Decision, outcome.Duration) { Facets = outcome.Facets };
        }
    }

    private Task<ToolOutcome> RunOneAsync(ToolCall call, CancellationTokenSource siblings) =>
        FinishAsync(call, pipeline.RunAsync(call, siblings.Token), siblings);

    private static async Task<ToolOutcome> FinishAsync(ToolCall call, Task<ToolOutcome> run, CancellationTokenSource siblings)
    {
        var outcome = await run;
        if (outcome.Result.IsError && !siblings.IsCancellationRequested && call.Tool is { FailureCancelsSiblings: true })
        {
            await siblings.CancelAsync();
        }

        return outcome;
    }
}
