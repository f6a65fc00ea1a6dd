using Keel.Core.Agent;
using Keel.Core.Cost;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Recovery;
using Keel.Core.Sessions;
using Keel.Core.Tools;
using Keel.Core.Tools.Pipeline;
using Keel.Tests.Core.Fakes;

namespace Keel.Tests.Core.Sessions;

/// <summary>A <see cref="Session"/> over a scripted model, in default mode so non-read-only tools ask, with the surface answering.</summary>
internal sealed class SessionHarness : IAsyncDisposable
{
    /// <param name="compaction">Give the loop a compactor (summaries come from <see cref="Model"/>).</param>
    public SessionHarness(IReadOnlyList<ITool> tools, PermissionMode mode = PermissionMode.Default, bool compaction = false)
    {
        Directory.CreateDirectory(Root);
        Tools = new ToolSession(Root, [], Path.Combine(Root, ".session"), Time);
        Policy = new PermissionEngine(new PermissionContext(Root, [], Path.Combine(Root, ".home"), mode, []));
        Outbox = new SessionOutbox(SessionAnswerers.Surface);
        Tools.Interaction = Outbox;
        var runner = new ToolRunner(new ToolPipeline(new ToolPipelineParts(tools, Policy, Outbox, Tools)));
        var caller = new ModelCaller(Model, new RetryPolicy { Jitter = static () => 0 }, Time);
        var options = new AgentOptions("claude-sonnet-5-5", tools, [new SystemBlock("system", CacheBreakpoint: true)], 1000);
        var loop = new AgentLoop(options, caller, runner, Policy, NullSessionRecorder.Instance, new CostTracker(), "session-1")
        {
            Background = Tools.Background,
            Compaction = compaction ? new Keel.Core.Compaction.ContextCompactor(Model, new Keel.Core.Compaction.CompactionSettings(200_000), Tools, NullSessionRecorder.Instance, new CostTracker(), Time) : null,
        };
        Session = new Session(loop, Outbox, new SessionOptions(Policy, Tools.Background));
        Events = Session.ReadEventsAsync().GetAsyncEnumerator();
    }

    /// <summary>
    /// A child session (a subagent) of this one, started by the parent's tool call <paramref name="parentToolUseId"/>,
    /// over its own scripted <paramref name="model"/>; it ends when <paramref name="lifetime"/> is cancelled.
    /// </summary>
    public Session Child(IReadOnlyList<ITool> tools, ScriptedModelClient model, string parentToolUseId, CancellationToken lifetime = default)
    {
        var outbox = Outbox.ForSubagent(parentToolUseId, "agent-1", "general-purpose");
        var session = new ToolSession(Root, [], Path.Combine(Root, ".session", "agent-1"), Time) { Interaction = outbox };
        var runner = new ToolRunner(new ToolPipeline(new ToolPipelineParts(tools, Policy, outbox, session) { Caller = new ToolCaller("agent-1", "general-purpose") }));
        var caller = new ModelCaller(model, new RetryPolicy { Jitter = static () => 0 }, Time);
        var options = new AgentOptions("claude-sonnet-5-5", tools, [new SystemBlock("child", CacheBreakpoint: true)], 1000);
        var loop = new AgentLoop(options, caller, runner, Policy, NullSessionRecorder.Instance, new CostTracker(), "session-1");
        return new Session(loop, outbox, new SessionOptions(Policy, Background: null) { FollowBackgroundWork = false, Lifetime = lifetime });
    }

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "keel-session-" + Guid.NewGuid().ToString("N"));

    public ScriptedModelClient Model { get; } = new();

    public InstantTimeProvider Time { get; } = new();

    public ToolSession Tools { get; }

    public PermissionEngine Policy { get; }

    public SessionOutbox Outbox { get; }

    public Session Session { get; }

    public IAsyncEnumerator<AgentEvent> Events { get; }

    /// <summary>Reads events until one of type <typeparamref name="T"/> arrives (bounded, so a broken session fails the test).</summary>
    public async Task<(T Found, List<AgentEvent> Before)> NextAsync<T>()
        where T : AgentEvent
    {
        var before = new List<AgentEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var moved = await Events.MoveNextAsync().AsTask().WaitAsync(timeout.Token);
            moved.ShouldBeTrue($"the event stream ended before a {typeof(T).Name}; saw {string.Join(", ", before.Select(e => e.GetType().Name))}");
            if (Events.Current is T found)
            {
                return (found, before);
            }

            before.Add(Events.Current);
        }
    }

    /// <summary>Every remaining event, once the session has been completed.</summary>
    public async Task<List<AgentEvent>> RestAsync()
    {
        var rest = new List<AgentEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            while (await Events.MoveNextAsync().AsTask().WaitAsync(timeout.Token))
            {
                rest.Add(Events.Current);
            }
        }
        catch (OperationCanceledException ex)
        {
            throw new TimeoutException($"the event stream did not end; saw {string.Join(", ", rest.Select(e => e.GetType().Name))}", ex);
        }

        return rest;
    }

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await Events.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
