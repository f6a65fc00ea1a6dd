using Keel.Core.Agent;
using Keel.Core.Cost;
using Keel.Core.Memory;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Sessions;
using Keel.Core.Tasks;
using Keel.Core.Tools;

namespace Keel.Cli.Memory;

/// <summary>
/// A consolidation run ("dream") as a background task of the session: listed by <c>/tasks</c>, stopped by
/// <c>/tasks stop</c> or with the session. It runs its own loop with Read, Grep, Glob, read-only Bash, and
/// Write/Edit confined to the memory folder (dontAsk mode over the project's transcript folder, so anything
/// else is refused), and holds the cross-process lock until it ends.
/// </summary>
internal sealed class DreamTask : IBackgroundTask, IDisposable
{
    // The dream's declared toolset, like an agent definition's `tools:` line. Selecting by kind instead would
    // widen it: WebSearch and MCP resource readers are read-kind tools the dontAsk policy allows.
    private static readonly HashSet<string> ToolNames = new(StringComparer.Ordinal) { "Read", "Grep", "Glob", "Bash", "Write", "Edit" };

    private readonly CancellationTokenSource _stop = new();
    private readonly DreamLock _lock;
    private volatile BackgroundTaskStatus _status = BackgroundTaskStatus.Running;

    private DreamTask(string id, string description, DateTimeOffset startedAt, DreamLock held)
    {
        Id = id;
        Description = description;
        StartedAt = startedAt;
        _lock = held;
    }

    public string Id { get; }

    public string Kind => "dream";

    public string Description { get; }

    public BackgroundTaskStatus Status => _status;

    public DateTimeOffset StartedAt { get; }

    /// <summary>The run itself; completes when the dream ends however it ends.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>What the dream said at the end, or why it failed.</summary>
    public string? Outcome { get; private set; }

    /// <summary>Starts a dream when the gates are open and the lock is free; null otherwise.</summary>
    public static DreamTask? TryStart(MemoryLocation location, string sessionsDirectory, string sessionId, ModelCaller caller, string model, IReadOnlyList<ITool> sessionTools, PermissionContext session, CostTracker cost, BackgroundTasks tasks, TimeProvider time, decimal? maxBudgetUsd = null)
    {
        var now = time.GetUtcNow();
        if (DreamGate.Closed(location, sessionsDirectory, sessionId, now, out var sessions) is not null)
        {
            return null;
        }

        var held = DreamLock.TryAcquire(location.ProjectDirectory);
        if (held is null)
        {
            return null; // another process is consolidating
        }

        var since = DreamLock.LastConsolidated(location.ProjectDirectory);
        var task = new DreamTask(tasks.NextId("dream"), $"consolidating memory from {sessions} sessions", now, held);
        tasks.Register(task);
        task.Completion = Task.Run(() => task.RunAsync(location, sessionsDirectory, since, sessionId, caller, model, sessionTools, session, cost, time, maxBudgetUsd), CancellationToken.None);
        return task;
    }

    public void Dispose() => _stop.Dispose();

    public async ValueTask StopAsync()
    {
        if (_status != BackgroundTaskStatus.Running)
        {
            return;
        }

        await _stop.CancelAsync();
        await Completion.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync(MemoryLocation location, string sessionsDirectory, DateTimeOffset? since, string sessionId, ModelCaller caller, string model, IReadOnlyList<ITool> sessionTools, PermissionContext session, CostTracker cost, TimeProvider time, decimal? maxBudgetUsd)
    {
        try
        {
            var policy = Policy(location, sessionsDirectory, session);
            var tools = new ToolSession(sessionsDirectory, policy.Context.WorkingDirectories.Skip(1), Path.Combine(sessionsDirectory, sessionId, "dream"), time) { Paths = policy.Paths };
            var chosen = sessionTools.Where(t => ToolNames.Contains(t.Name)).ToList();
            var system = DreamPrompt.System(location, sessionsDirectory, since, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
            // The session's spending limit holds for the dream too, checked before each of its requests.
            var options = new AgentOptions(model, chosen, [new SystemBlock(system, CacheBreakpoint: true)], 8_000, MaxTurns: 30, Thinking: null) { MaxBudgetUsd = maxBudgetUsd };
            var runner = new ToolRunner(new Keel.Core.Tools.Pipeline.ToolPipeline(new Keel.Core.Tools.Pipeline.ToolPipelineParts(chosen, policy, new Keel.Core.Tools.Pipeline.PrompterAsker(new DenyingPrompter()), tools)));
            // Each of the dream's requests joins the session's cost as it is made (not when the dream ends).
            var loop = new AgentLoop(options, caller, runner, policy, NullSessionRecorder.Instance, new CostTracker(cost), sessionId);
            TurnFinished? finished = null;
            await foreach (var item in loop.RunTurnAsync(Message.UserText(DreamPrompt.Kickoff), _stop.Token).ConfigureAwait(false))
            {
                finished = item as TurnFinished ?? finished;
            }

            if (finished is { Reason: TerminalReason.Completed } done && !_stop.IsCancellationRequested)
            {
                _lock.Complete(time.GetUtcNow());
                Outcome = done.ResultText;
                _status = BackgroundTaskStatus.Completed;
            }
            else
            {
                Outcome = _stop.IsCancellationRequested ? "stopped" : $"ended: {finished?.Reason.ToString() ?? "no result"} {finished?.Error?.Message}";
                _status = _stop.IsCancellationRequested ? BackgroundTaskStatus.Killed : BackgroundTaskStatus.Failed;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Outcome = ex.Message;
            _status = _stop.IsCancellationRequested ? BackgroundTaskStatus.Killed : BackgroundTaskStatus.Failed;
        }
        finally
        {
            _lock.Dispose();
        }
    }

    /// <summary>
    /// dontAsk over the transcript folder (and the memory folder when it lives elsewhere): reads there are
    /// allowed, writes only in the memory folder, and whatever would ask is refused. The session's deny rules still hold.
    /// </summary>
    private static PermissionEngine Policy(MemoryLocation location, string sessionsDirectory, PermissionContext session)
    {
        var extra = location.Directories.Where(d => !d.StartsWith(sessionsDirectory + "/", StringComparison.Ordinal)).ToList();
        var context = new PermissionContext(sessionsDirectory, extra, session.Home, PermissionMode.DontAsk, session.Rules.Where(static r => r.Behavior == PermissionBehavior.Deny), Path.GetDirectoryName(Path.GetDirectoryName(sessionsDirectory)));
        context.SetMemoryDirectories(location.Directories);
        return new PermissionEngine(context);
    }
}
