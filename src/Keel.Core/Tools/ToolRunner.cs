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

    public async IAsyncEnumerable<AgentEvent> RunAsync(
        IReadOnlyList<ToolUseBlock> calls,
        ICollection<ToolOutcome> outcomes,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var session = pipeline.Session;
        var channel = Channel.CreateUnbounded<AgentEvent>(new UnboundedChannelOptions { SingleReader = true });
        var prepared = new List<ToolCall>(calls.Count);
        foreach (var block in calls)
        {
            prepared.Add(pipeline.Prepare(block, e => channel.Writer.TryWrite(e), cancellationToken));
        }

        var index = 0;
        while (index < prepared.Count)
        {
            var batch = NextBatch(prepared, index);
            index += batch.Count;
            var todos = session.Todos.Version;
            await foreach (var item in RunBatchAsync(batch, channel, outcomes, cancellationToken))
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
        Channel<AgentEvent> channel,
        ICollection<ToolOutcome> outcomes,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var siblings = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tasks = new Task<ToolOutcome>[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            var call = batch[i];
            tasks[i] = batch.Count == 1
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

    private async Task<ToolOutcome> RunOneAsync(ToolCall call, CancellationTokenSource siblings)
    {
        var outcome = await pipeline.RunAsync(call, siblings.Token);
        if (outcome.Result.IsError && !siblings.IsCancellationRequested && call.Tool is { FailureCancelsSiblings: true })
        {
            await siblings.CancelAsync();
        }

        return outcome;
    }
}
