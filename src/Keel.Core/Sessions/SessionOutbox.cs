using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Keel.Core.Interaction;
using Keel.Core.Permissions;
using Keel.Core.Tools.Pipeline;

namespace Keel.Core.Sessions;

/// <summary>
/// A session's one outgoing event stream, and the requests that wait on it. The tool pipeline asks through it
/// (it is the session's <see cref="IPermissionAsker"/> and <see cref="IUserInteraction"/>): an ask becomes a
/// request event with an id and waits until the surface answers with an operation, or goes straight to an
/// answerer when no person is there (see <see cref="SessionAnswerers"/>). A child outbox (a subagent's) writes its
/// events to the parent's stream wrapped in <see cref="SubagentEvent"/>, and its asks become the parent's requests.
/// </summary>
public sealed class SessionOutbox : IPermissionAsker, IUserInteraction
{
    private readonly Channel<AgentEvent>? _channel;
    private readonly SessionOutbox? _parent;
    private readonly SubagentTag? _tag;
    private readonly SessionAnswerers _answerers;
    private readonly ConcurrentDictionary<string, object> _waiting;
    private readonly StrongCounter _ids;

    public SessionOutbox(SessionAnswerers? answerers = null)
    {
        _channel = Channel.CreateUnbounded<AgentEvent>(new UnboundedChannelOptions { SingleReader = true });
        _answerers = answerers ?? SessionAnswerers.Surface;
        _waiting = new(StringComparer.Ordinal);
        _ids = new StrongCounter();
    }

    private SessionOutbox(SessionOutbox parent, SubagentTag tag)
    {
        _parent = parent;
        _tag = tag;
        _answerers = parent._answerers;
        _waiting = parent._waiting;
        _ids = parent._ids;
    }

    /// <summary>True when someone can answer questions (a person at the terminal, an SDK host); subagents never can.</summary>
    public bool IsAvailable => _parent is null && (_answerers.Questions?.IsAvailable ?? true);

    /// <summary>
    /// The outbox of a subagent started by the parent's tool call <paramref name="parentToolUseId"/>: its events reach
    /// this stream as <see cref="SubagentEvent"/>, its permission asks as this session's requests tagged with that id.
    /// </summary>
    public SessionOutbox ForSubagent(string parentToolUseId, string agentId, string agentType) =>
        new(this, new SubagentTag(parentToolUseId, agentId, agentType));

    /// <summary>Adds an event to the stream (any thread).</summary>
    public void Emit(AgentEvent agentEvent)
    {
        if (_parent is not null)
        {
            _parent.Emit(new SubagentEvent(_tag!.ParentToolUseId, _tag.AgentId, _tag.AgentType, agentEvent));
            return;
        }

        _channel!.Writer.TryWrite(agentEvent);
    }

    /// <summary>The events in order, until the session ends. One reader per session.</summary>
    public IAsyncEnumerable<AgentEvent> ReadAllAsync(CancellationToken cancellationToken) =>
        (_channel ?? throw new InvalidOperationException("A subagent's events are read from its parent session.")).Reader.ReadAllAsync(cancellationToken);

    /// <summary>No more events: readers finish once they have read what is there.</summary>
    public void Complete() => _channel?.Writer.TryComplete();

    /// <summary>Settles a waiting request; false when no request with that id (and answer type) waits.</summary>
    public bool Answer<T>(string requestId, T answer)
    {
        if (!_waiting.TryGetValue(requestId, out var waiter) || waiter is not TaskCompletionSource<T> source || !_waiting.TryRemove(requestId, out _))
        {
            return false;
        }

        return source.TrySetResult(answer);
    }

    public ValueTask<PermissionAnswer> AskAsync(PermissionAsk ask, CancellationToken cancellationToken)
    {
        if (_answerers.Permissions is { } asker)
        {
            return asker.AskAsync(ask, cancellationToken);
        }

        _answerers.OnWaiting?.Invoke($"Keel needs your permission to use {ask.ToolName}");
        return WaitAsync(
            id => new PermissionRequested(id, ask.Id, ask.ToolName, ask.Input, ask.Decision, _answerers.SuggestRule?.Invoke(ask.ToolName, ask.Facets), ask.Facets, _tag?.ParentToolUseId),
            new PermissionAnswer(PermissionAnswerKind.Reject, "The user declined this call. Wait for their next instruction."),
            cancellationToken);
    }

    public ValueTask<IReadOnlyDictionary<string, string>?> AskQuestionsAsync(IReadOnlyList<UserQuestion> questions, CancellationToken cancellationToken)
    {
        if (!IsAvailable)
        {
            return ValueTask.FromResult<IReadOnlyDictionary<string, string>?>(null);
        }

        if (_answerers.Questions is { } questionsAnswerer)
        {
            return questionsAnswerer.AskQuestionsAsync(questions, cancellationToken);
        }

        _answerers.OnWaiting?.Invoke("Keel has a question for you");
        return WaitAsync<IReadOnlyDictionary<string, string>?>(id => new QuestionRequested(id, questions), null, cancellationToken);
    }

    public ValueTask<PlanReview> ReviewPlanAsync(string plan, CancellationToken cancellationToken)
    {
        var dismissed = new PlanReview(false, PermissionMode.Plan, "The user did not approve the plan. Wait for their next instruction.");
        if (!IsAvailable)
        {
            return ValueTask.FromResult(dismissed);
        }

        if (_answerers.Questions is { } answerer)
        {
            return answerer.ReviewPlanAsync(plan, cancellationToken);
        }

        _answerers.OnWaiting?.Invoke("Keel has a plan for you to review");
        return WaitAsync(id => new PlanApprovalRequested(id, plan), dismissed, cancellationToken);
    }

    /// <summary>Emits the request event and waits for its answer; an interrupted turn gets <paramref name="whenCancelled"/>.</summary>
    private async ValueTask<T> WaitAsync<T>(Func<string, AgentEvent> request, T whenCancelled, CancellationToken cancellationToken)
    {
        var id = "req_" + _ids.Next();
        var source = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = source;
        using var registration = cancellationToken.Register(() =>
        {
            if (_waiting.TryRemove(id, out _))
            {
                source.TrySetResult(whenCancelled);
                Root.Emit(new RequestCancelled(id));
            }
        });
        Root.Emit(request(id));
        return await source.Task.ConfigureAwait(false);
    }

    private SessionOutbox Root => _parent?.Root ?? this;

    private sealed record SubagentTag(string ParentToolUseId, string AgentId, string AgentType);

    private sealed class StrongCounter
    {
        private long _value;

        public long Next() => Interlocked.Increment(ref _value);
    }
}
