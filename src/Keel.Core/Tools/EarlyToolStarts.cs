using Keel.Core.Agent;
using Keel.Core.Messages;
using Keel.Core.Tools.Pipeline;

namespace Keel.Core.Tools;

/// <summary>
/// Starts tool calls while the model is still streaming: when a tool_use block is complete and the call may start early
/// (<see cref="ToolPipeline.MayStartEarly"/>: reads only, runs beside others, allowed without asking, no PreToolUse hook that matches it),
/// it begins through the one pipeline at once. It stops before any step after execution, and its events are held,
/// until the response is complete and the <see cref="ToolRunner"/> takes it over (<see cref="TakeOverAsync"/>).
/// <para>
/// A response that is abandoned instead (a cut or broken stream, a retry, a fallback, an interrupt) must run nothing
/// anyone can see: its calls are cancelled and awaited, their results and events dropped, and what they recorded about
/// read files is put back. So a broken attempt leaves nothing behind, and a call runs once, from the response that
/// completed. Calls start in order only: the first call that cannot start early ends early starts for that response,
/// so a call never runs before one the model asked for earlier (a Read after an Edit waits for the Edit).
/// </para>
/// </summary>
public sealed class EarlyToolStarts(ToolPipeline pipeline, CancellationToken userCancellation) : IAsyncDisposable
{
    private Attempt _attempt = new(userCancellation);

    /// <summary>How many calls of the current attempt started early.</summary>
    public int Count => _attempt.Started.Count;

    /// <summary>Follows the model call's events: a completed tool_use block may start; a new attempt or a retry abandons the current one.</summary>
    public async ValueTask ObserveAsync(AgentEvent item)
    {
        switch (item)
        {
            case AssistantBlockCompleted { Block: ToolUseBlock block }:
                Start(block);
                break;
            case RequestStarted or RetryScheduled or ModelFallbackActivated or ModelFeatureTurnedOff:
                if (_attempt.Started.Count > 0 || _attempt.Closed)
                {
                    await AbandonAsync();
                    _attempt = new Attempt(userCancellation);
                }

                break;
        }
    }

    /// <summary>
    /// Hands the calls started early to the runner for the complete response <paramref name="calls"/>: their held events go to
    /// <paramref name="emit"/>, later ones report there directly, and they go on past execution. Returns them in call order
    /// (a prefix of <paramref name="calls"/>), with the cancellation their batch shares; empty when none started.
    /// </summary>
    internal async ValueTask<(IReadOnlyList<StartedCall> Calls, CancellationTokenSource? Siblings)> TakeOverAsync(IReadOnlyList<ToolUseBlock> calls, Action<AgentEvent> emit)
    {
        var attempt = _attempt;
        var started = attempt.Started;
        var matches = started.Count <= calls.Count;
        for (var i = 0; matches && i < started.Count; i++)
        {
            matches = string.Equals(started[i].Call.Block.Id, calls[i].Id, StringComparison.Ordinal);
        }

        if (!matches)
        {
            // The message is not the one the calls came from: run nothing of theirs, start over from the message.
            await AbandonAsync();
            _attempt = new Attempt(userCancellation) { Closed = true };
            return ([], null);
        }

        attempt.TakenOver = true;
        attempt.Closed = true;
        foreach (var call in started)
        {
            call.Events.Release(emit);
        }

        attempt.Complete.TrySetResult(true);
        return (started, started.Count > 0 ? attempt.Siblings : null);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_attempt.TakenOver)
        {
            await AbandonAsync();
        }
        else if (_attempt.Started.All(static s => s.Run.IsCompleted))
        {
            _attempt.Siblings.Dispose();
        }
    }

    private void Start(ToolUseBlock block)
    {
        var attempt = _attempt;
        if (attempt.Closed || attempt.Started.Count >= ToolRunner.MaxParallel || userCancellation.IsCancellationRequested)
        {
            attempt.Closed = true;
            return;
        }

        var events = new HeldEvents();
        var call = pipeline.Prepare(block, events.Emit, userCancellation);
        if (!pipeline.MayStartEarly(call))
        {
            attempt.Closed = true;
            return;
        }

        attempt.Reads ??= pipeline.Session.Reads.Snapshot();
        call.ResponseComplete = attempt.Complete.Task;
        var token = attempt.Siblings.Token;
        attempt.Started.Add(new StartedCall(call, events, Task.Run(() => pipeline.RunAsync(call, token), CancellationToken.None)));
    }

    /// <summary>Cancels the attempt's calls, waits for them to stop, and undoes what they recorded; their results are dropped.</summary>
    private async ValueTask AbandonAsync()
    {
        var attempt = _attempt;
        attempt.Closed = true;
        if (attempt.Started.Count == 0)
        {
            attempt.Siblings.Dispose();
            return;
        }

        await attempt.Siblings.CancelAsync();
        attempt.Complete.TrySetResult(false);
        foreach (var started in attempt.Started)
        {
            try
            {
                await started.Run;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The pipeline turns failures into results; whatever escaped belongs to a call nobody will see.
            }
        }

        if (attempt.Reads is { } reads)
        {
            pipeline.Session.Reads.Restore(reads);
        }

        attempt.Siblings.Dispose();
    }

    /// <summary>A call started early, its held events, and its run through the pipeline.</summary>
    internal sealed record StartedCall(ToolCall Call, HeldEvents Events, Task<ToolOutcome> Run);

    /// <summary>The calls one attempt started, and what abandoning it undoes.</summary>
    private sealed class Attempt(CancellationToken userCancellation)
    {
        public List<StartedCall> Started { get; } = [];

        /// <summary>Cancels the attempt's calls: when it is abandoned, or (once taken over) when a failing sibling says so.</summary>
        public CancellationTokenSource Siblings { get; } = CancellationTokenSource.CreateLinkedTokenSource(userCancellation);

        public TaskCompletionSource<bool> Complete { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>No more calls of this attempt start early.</summary>
        public bool Closed { get; set; }

        public bool TakenOver { get; set; }

        public (KeyValuePair<string, FileReadState>[] States, KeyValuePair<string, FileReadState>[] Delivered)? Reads { get; set; }
    }

    /// <summary>Events of a call started early, held until the response is complete, then passed on as they come.</summary>
    internal sealed class HeldEvents
    {
        private readonly Lock _gate = new();
        private readonly List<AgentEvent> _held = [];
        private Action<AgentEvent>? _target;

        public void Emit(AgentEvent item)
        {
            lock (_gate)
            {
                if (_target is null)
                {
                    _held.Add(item);
                }
                else
                {
                    _target(item);
                }
            }
        }

        public void Release(Action<AgentEvent> target)
        {
            lock (_gate)
            {
                foreach (var item in _held)
                {
                    target(item);
                }

                _held.Clear();
                _target = target;
            }
        }
    }
}
