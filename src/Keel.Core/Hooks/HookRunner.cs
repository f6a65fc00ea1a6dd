using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Keel.Core.Hooks;

/// <summary>
/// Runs the hooks of an event: picks the registrations whose matcher (and <c>if</c>) fit, drops
/// duplicates, runs the rest in parallel, interprets each result, logs every invocation and combines
/// the results. Events without hooks cost one dictionary lookup.
/// </summary>
public sealed partial class HookRunner(HookConfiguration configuration, IHookExecutor executor, HookSessionInfo session, TimeProvider time)
{
    private readonly HashSet<string> _ranOnce = new(StringComparer.Ordinal);
    private readonly List<Task> _background = [];
    private readonly Lock _gate = new();
    private readonly List<string> _statuses = [];
    private string? _stopReason;

    public HookConfiguration Configuration => configuration;

    /// <summary>Where invocations are logged (transcript, debug output); filled in at composition.</summary>
    public IList<IHookLog> Logs { get; } = [];

    /// <summary>Evaluates <c>if</c> conditions; without it handlers with <c>if</c> never run.</summary>
    public HookConditions? Conditions { get; init; }

    /// <summary>
    /// <c>asyncRewake</c>: the session's background work, which an async hook that exits 2 notifies (its stderr wakes the
    /// model); while such a hook runs the session waits for it as for a background task. Null: nowhere.
    /// </summary>
    public Tasks.BackgroundTasks? Rewake { get; set; }

    /// <summary>The file SessionStart hooks get as <c>CLAUDE_ENV_FILE</c>; null: none is offered.</summary>
    public string? EnvFile { get; set; }

    /// <summary>Where the variables SessionStart hooks export through <see cref="EnvFile"/> go (the Bash tool's extra environment).</summary>
    public IDictionary<string, string>? ShellEnvironment { get; set; }

    public bool Has(HookEvent hookEvent) => configuration.Has(hookEvent);

    /// <summary>The <c>statusMessage</c> of the latest handler the session is waiting for now (async ones aside), or null.</summary>
    public string? StatusMessage
    {
        get
        {
            lock (_gate)
            {
                return _statuses.Count > 0 ? _statuses[^1] : null;
            }
        }
    }

    /// <summary>Waits for async hooks still running (each is bounded by its own timeout), e.g. before the process exits.</summary>
    public async Task DrainAsync()
    {
        Task[] running;
        lock (_gate)
        {
            running = [.. _background];
        }

        await Task.WhenAll(running);
    }

    /// <summary>Remembers a <c>continue: false</c> seen where the caller cannot end the turn itself (tool hooks).</summary>
    public void RequestStop(string reason) => Interlocked.CompareExchange(ref _stopReason, reason, null);

    /// <summary>The pending stop request, cleared.</summary>
    public string? TakeStopRequest() => Interlocked.Exchange(ref _stopReason, null);

    /// <param name="hookEvent">The event.</param>
    /// <param name="target">What matchers filter on (tool name, source, trigger...).</param>
    /// <param name="fields">Writes the event-specific input fields.</param>
    /// <param name="tool">The tool call, for <c>if</c> conditions.</param>
    /// <param name="budget">Caps every handler's timeout (SessionEnd shares a short budget).</param>
    /// <param name="envFile">SessionStart: the <c>CLAUDE_ENV_FILE</c> handed to its hooks.</param>
    /// <param name="cancellationToken">Cancels running handlers.</param>
    public async Task<HookOutcome> RunAsync(
        HookEvent hookEvent,
        string? target,
        Action<Utf8JsonWriter>? fields,
        (string Name, JsonElement Input)? tool = null,
        TimeSpan? budget = null,
        string? envFile = null,
        CancellationToken cancellationToken = default)
    {
        var matched = Select(hookEvent, target, tool);
        if (matched.Count == 0)
        {
            return HookOutcome.None;
        }

        var input = BuildInput(hookEvent, fields);
        foreach (var registration in matched.Where(static r => r.Handler.Async))
        {
            StartInBackground(registration, input, envFile);
        }

        matched = [.. matched.Where(static r => !r.Handler.Async)];
        if (matched.Count == 0)
        {
            return HookOutcome.None;
        }

        var runs = matched.Select(r => RunOneAsync(r, input, budget, envFile, cancellationToken)).ToArray();
        var results = await Task.WhenAll(runs);
        return HookOutcome.Combine(hookEvent, [.. matched.Zip(results, static (r, x) => (r, x.Result))], [.. results.Select(static x => x.Invocation)]);
    }

    /// <summary>
    /// An <c>async</c> handler: the event goes on without it and its decision is not used; it outlives the turn (not its
    /// cancellation), is logged when it ends, and with <c>asyncRewake</c> an exit code 2 wakes the model with its stderr.
    /// </summary>
    private void StartInBackground(HookRegistration registration, string input, string? envFile)
    {
        var wake = registration.Handler.AsyncRewake ? Rewake : null;
        var expecting = wake?.ExpectNotification();
        var run = Task.Run(async () =>
        {
            using (expecting)
            {
                var (_, invocation, execution) = await RunOneAsync(registration, input, null, envFile, CancellationToken.None);
                if (wake is not null && execution.ExitCode == 2)
                {
                    var stderr = execution.Stderr.Trim();
                    wake.Notify($"An async {registration.Event} hook ({invocation.Handler}) exited with code 2:\n{(stderr.Length > 0 ? stderr : "(no message on stderr)")}");
                }
            }
        });
        lock (_gate)
        {
            _background.RemoveAll(static t => t.IsCompleted);
            _background.Add(run);
        }
    }

    private List<HookRegistration> Select(HookEvent hookEvent, string? target, (string Name, JsonElement Input)? tool)
    {
        var matched = new List<HookRegistration>();
        var registrations = configuration.For(hookEvent);
        if (registrations.Count == 0)
        {
            return matched;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var registration in registrations)
        {
            if (!HookMatcher.Matches(registration.Matcher, target))
            {
                continue;
            }

            if (registration.Handler.If is { } condition && !ConditionHolds(condition, tool))
            {
                continue;
            }

            if (seen.Add(registration.Handler.Key) && FirstTime(registration.Handler))
            {
                matched.Add(registration);
            }
        }

        return matched;
    }

    /// <summary>
    /// Whether running <paramref name="hookEvent"/> for this call would run any handler (async ones included): matcher
    /// and <c>if</c> evaluated as <see cref="RunAsync"/> does, a <c>once</c> handler that already ran excluded. Runs and
    /// records nothing.
    /// </summary>
    public bool WouldRun(HookEvent hookEvent, string? target, (string Name, JsonElement Input)? tool = null)
    {
        foreach (var registration in configuration.For(hookEvent))
        {
            if (HookMatcher.Matches(registration.Matcher, target)
                && (registration.Handler.If is not { } condition || ConditionHolds(condition, tool))
                && !AlreadyRanOnce(registration.Handler))
            {
                return true;
            }
        }

        return false;
    }

    private bool AlreadyRanOnce(HookHandler handler)
    {
        if (!handler.Once)
        {
            return false;
        }

        lock (_gate)
        {
            return _ranOnce.Contains(handler.Key);
        }
    }

    /// <summary>False for a <c>once</c> handler that has already run in this session.</summary>
    private bool FirstTime(HookHandler handler)
    {
        if (!handler.Once)
        {
            return true;
        }

        lock (_gate)
        {
            return _ranOnce.Add(handler.Key);
        }
    }

    private bool ConditionHolds(string condition, (string Name, JsonElement Input)? tool) =>
        tool is { } call && Conditions is { } conditions && conditions.Matches(condition, call.Name, call.Input, session.CurrentDirectory());

    private async Task<(HookResult Result, HookInvocation Invocation, HookExecution Execution)> RunOneAsync(HookRegistration registration, string input, TimeSpan? budget, string? envFile, CancellationToken cancellationToken)
    {
        var handler = registration.Handler;
        var timeout = TimeSpan.FromSeconds(handler.TimeoutSeconds ?? HookEvents.DefaultTimeoutSeconds(registration.Event, handler.Type));
        if (budget is { } cap && cap < timeout)
        {
            timeout = cap;
        }

        var started = time.GetTimestamp();
        var status = handler.Async ? null : handler.StatusMessage;
        if (status is not null)
        {
            lock (_gate)
            {
                _statuses.Add(status);
            }
        }

        HookExecution execution;
        try
        {
            execution = await executor.ExecuteAsync(new HookRequest(handler, input, session.CurrentDirectory(), session.ProjectDirectory, timeout) { EnvFile = envFile }, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            execution = HookExecution.Failed("was cancelled");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // An executor bug must not take the session down; the hook simply has no effect.
            execution = HookExecution.Failed($"could not run: {ex.GetType().Name}: {ex.Message}");
        }
        finally
        {
            if (status is not null)
            {
                lock (_gate)
                {
                    _statuses.Remove(status);
                }
            }
        }

        var result = HookResultInterpreter.Interpret(registration.Event, execution);
        var detail = result.Reason ?? result.Error ?? result.StopReason ?? result.SystemMessage;
        var invocation = new HookInvocation(registration.Event, registration.Matcher, handler.Display, registration.Source, time.GetElapsedTime(started), execution.ExitCode, handler.Async ? "async" : result.Label, detail);
        foreach (var log in Logs)
        {
            log.Record(invocation);
        }

        return (result, invocation, execution);
    }

    private string BuildInput(HookEvent hookEvent, Action<Utf8JsonWriter>? fields)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("session_id", session.SessionId);
            w.WriteString("transcript_path", session.TranscriptPath ?? string.Empty);
            w.WriteString("cwd", session.CurrentDirectory());
            w.WriteString("hook_event_name", HookEvents.Name(hookEvent));
            w.WriteString("permission_mode", session.PermissionMode());
            fields?.Invoke(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
