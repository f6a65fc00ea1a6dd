using System.Threading.Channels;
using Keel.Core.Agent;
using Keel.Core.Cost;
using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Core.Sessions;

/// <summary>
/// The engine's one API: operations in (<see cref="Submit"/>), events out (<see cref="ReadEventsAsync"/>). Every
/// surface — the REPL, <c>-p</c> in each output format, stream-json input, subagents — drives a session this way
/// and nothing else.
/// <para>
/// One pump runs the queued operations (turns, compaction, model and conversation changes) one at a time, with
/// one cancellation path (<see cref="Interrupt"/>). Every turn-like operation ends with exactly one
/// <see cref="TurnFinished"/>. When the queue is empty after a completed turn and background agents still work,
/// the pump waits for them and runs a turn with their notifications (the one place that waits for background
/// work). <see cref="Complete"/> says no more operations will come; the event stream ends once the queue and the
/// background work are done.
/// </para>
/// <para>
/// Requests (permission, question, plan) are events with an id; the turn waits until the answer operation with
/// that id arrives, or until it is interrupted (then <see cref="RequestCancelled"/> follows).
/// </para>
/// </summary>
public sealed partial class Session : IAsyncDisposable
{
    private readonly AgentLoop _loop;
    private readonly SessionOutbox _outbox;
    private readonly SessionOptions _options;
    // Not SingleReader: that channel cannot count, and IsBusy needs the count.
    private readonly Channel<Queued> _queue = Channel.CreateUnbounded<Queued>(new UnboundedChannelOptions { SingleReader = false });
    private readonly CancellationTokenSource _lifetime;
    private readonly Lock _gate = new();
    private readonly Task _pump;
    private CancellationTokenSource? _running;
    private CancellationTokenSource? _waitingForBackground;
    private bool _followBackground;

    /// <param name="loop">The conversation and the turn loop (built with <paramref name="outbox"/> as its prompter).</param>
    /// <param name="outbox">Where events go and requests wait.</param>
    public Session(AgentLoop loop, SessionOutbox outbox, SessionOptions options)
    {
        _loop = loop;
        _outbox = outbox;
        _options = options;
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(options.Lifetime);
        _pump = Task.Run(PumpAsync);
    }

    public string Id => _loop.SessionId;

    /// <summary>The model the next request goes to.</summary>
    public string Model => _loop.Model;

    /// <summary>The conversation as it stands between operations.</summary>
    public IReadOnlyList<Message> Messages => _loop.Messages;

    public CostTracker Cost => _loop.Cost;

    /// <summary>The user's prompts in the conversation, oldest first: what a rewind can go back to.</summary>
    public IReadOnlyList<PromptPoint> Prompts => _loop.Prompts;

    /// <summary>
    /// Rewinds files (<see cref="RewindFiles"/>) after whatever is queued before it, and returns the outcome (also
    /// emitted as an event). What an SDK host's <c>rewind_files</c> control request calls.
    /// </summary>
    public Task<FilesRewound> RewindFilesAsync(RewindFiles operation)
    {
        var queued = new Queued(operation, new TaskCompletionSource<TurnFinished?>(TaskCreationOptions.RunContinuationsAsynchronously))
        {
            Rewound = new TaskCompletionSource<FilesRewound>(TaskCreationOptions.RunContinuationsAsynchronously),
        };
        if (!_queue.Writer.TryWrite(queued))
        {
            queued.Rewound.TrySetResult(new FilesRewound(operation.PromptId, operation.DryRun, [], "The session has ended."));
        }

        return queued.Rewound.Task;
    }

    /// <summary>Read-only state for reports (/context, /status, init lines); change it only through operations.</summary>
    public AgentLoop Loop => _loop;

    /// <summary>True while an operation runs or waits in the queue.</summary>
    public bool IsBusy
    {
        get
        {
            lock (_gate)
            {
                return _running is not null || _queue.Reader.Count > 0;
            }
        }
    }

    /// <summary>The session's events in order; ends after <see cref="Complete"/> once everything ran, or on dispose.</summary>
    public IAsyncEnumerable<AgentEvent> ReadEventsAsync(CancellationToken cancellationToken = default) => _outbox.ReadAllAsync(cancellationToken);

    /// <summary>
    /// Applies <paramref name="operation"/>. Turns and compaction complete with their <see cref="TurnFinished"/>
    /// (also on the event stream); other queued operations complete with null once applied; immediate ones
    /// (<see cref="Interrupt"/>, <see cref="SetMode"/>, answers) complete at once. Never throws for expected failures.
    /// </summary>
    public Task<TurnFinished?> Submit(SessionOperation operation)
    {
        switch (operation)
        {
            case Interrupt:
                InterruptNow();
                return Done;
            case SetMode mode:
                _options.Policy.Context.Mode = mode.Mode;
                return Done;
            case MoveToBackground:
                _options.Background?.MoveForegroundToBackground();
                return Done;
            case AnswerPermission answer:
                _outbox.Answer(answer.RequestId, answer.Answer);
                return Done;
            case AnswerQuestion answer:
                _outbox.Answer(answer.RequestId, answer.Answers);
                return Done;
            case ApprovePlan answer:
                _outbox.Answer(answer.RequestId, answer.Review);
                return Done;
        }

        var queued = new Queued(operation, new TaskCompletionSource<TurnFinished?>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(queued))
        {
            queued.Done.TrySetResult(null);
        }

        return queued.Done.Task;
    }

    /// <summary>No more operations will come: the event stream ends once the queue and background work are done.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    /// <summary>Waits until the pump has run everything (after <see cref="Complete"/>).</summary>
    public Task Completion => _pump;

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _lifetime.CancelAsync().ConfigureAwait(false);
        try
        {
            await _pump.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The pump stops on cancellation; nothing to report.
        }

        _lifetime.Dispose();
    }

    private static Task<TurnFinished?> Done => Task.FromResult<TurnFinished?>(null);

    private void InterruptNow()
    {
        lock (_gate)
        {
            _running?.Cancel();
            _waitingForBackground?.Cancel();
            _followBackground = false;
        }
    }

    private sealed record Queued(SessionOperation Operation, TaskCompletionSource<TurnFinished?> Done)
    {
        /// <summary>Set for <see cref="RewindFilesAsync"/>: where its outcome goes.</summary>
        public TaskCompletionSource<FilesRewound>? Rewound { get; init; }
    }
}
