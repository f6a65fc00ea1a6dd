using System.Collections.Concurrent;
using Keel.Cli.Arguments;
using Keel.Cli.Composition;
using Keel.Cli.Headless.StructuredOutput;
using Keel.Core.Agent;
using Keel.Core.Interaction;
using Keel.Core.Permissions;
using Keel.Core.Sessions;

namespace Keel.Cli.Headless.StreamInput;

/// <summary>
/// <c>--input-format stream-json</c>: stdin lines become session operations (user messages are turns, control
/// requests are interrupt / mode / model / compact operations), and the session's events become stream-json lines,
/// one result line per turn. With <c>--permission-prompt-tool stdio</c> the session's request events are forwarded
/// to the host as <c>can_use_tool</c> (and question) control requests and its answers go back as operations.
/// As the reference client does, each turn is framed by <c>session_state_changed</c> running / idle and starts with
/// a <c>system/init</c> line. EOF ends the input; the run ends when the session has finished what was queued,
/// background agents included.
/// </summary>
public sealed partial class StreamInputSession(SessionSetup setup, ControlChannel channel, Stream stdout, TextWriter stderr, CliOptions options, KeelEnvironment env)
{
    /// <summary>How often the model is reminded to call StructuredOutput before the run gives up.</summary>
    private const int StructuredOutputRetries = 3;

    private readonly Session _session = setup.Session;
    private readonly StdioPermissionPrompter _hostPermissions = new(channel);
    private readonly StdioUserInteraction _hostQuestions = new(channel);
    private readonly Queue<string> _compactRequests = new();
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _hostAsks = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly List<Task> _answering = [];
    private bool _interrupted;
    private int _pendingTurns;
    private int _structuredRetries;
    private TurnOverrides? _thinking;

    /// <summary>The host's first-line initialize request (answered once the session exists), or null.</summary>
    public InitializeRequest? Initialize { get; init; }

    /// <summary>The structured-output tool when the host asked for a schema, or null.</summary>
    public StructuredOutputTool? Structured { get; init; }

    public async Task<int> RunAsync(System.Threading.Channels.ChannelReader<string> lines, Func<bool> killedBySignal, CancellationToken stop)
    {
        if (Initialize is { } init)
        {
            channel.Succeed(init.RequestId, w => WriteInitialize(w, init));
        }

        _ = Task.Run(() => ReadInputAsync(lines, stop), CancellationToken.None);
        var exitCode = 0;
        var context = NewContext();
        var sink = new StreamJsonSink(context, options.MaxTurns);
        try
        {
            await foreach (var agentEvent in _session.ReadEventsAsync(stop))
            {
                context.Report.Observe(agentEvent);
                switch (agentEvent)
                {
                    case TurnFinished { Kind: TurnKind.Compact } compacted:
                        AnswerCompact(compacted);
                        context = NewContext();
                        sink = new StreamJsonSink(context, options.MaxTurns);
                        break;
                    case TurnFinished finished when NeedsStructuredOutput(finished):
                        // The turn ended without the structured answer: the model is reminded within the same run.
                        _ = _session.Submit(SendUserTurn.Text(StructuredOutputTool.Reminder, _thinking));
                        break;
                    case TurnFinished finished:
                        var interrupted = TakeInterrupted();
                        var code = sink.Finish(finished);
                        exitCode = interrupted && code != 0 ? 1 : code;
                        Structured?.Reset();
                        _structuredRetries = 0;
                        context = NewContext();
                        sink = new StreamJsonSink(context, options.MaxTurns);
                        TurnEnded();
                        break;
                    case PermissionRequested request:
                        // As the reference client does, a pending ask is framed by requires_action, then running again.
                        WriteState("requires_action");
                        _ = ForwardAsync(request.RequestId, token => _hostPermissions.AskAsync(request.ToolName, request.Input, request.Decision, request.ToolUseId, token), answer => new AnswerPermission(request.RequestId, answer), stop);
                        break;
                    case QuestionRequested request:
                        _ = ForwardAsync(request.RequestId, token => _hostQuestions.AskQuestionsAsync(request.Questions, token), answers => new AnswerQuestion(request.RequestId, answers), stop);
                        break;
                    case PlanApprovalRequested request:
                        _ = ForwardAsync(request.RequestId, token => _hostQuestions.ReviewPlanAsync(request.Plan, token), review => new ApprovePlan(request.RequestId, review), stop);
                        break;
                    case RequestCancelled cancelled:
                        if (_hostAsks.TryGetValue(cancelled.RequestId, out var asking))
                        {
                            // The turn was interrupted: the host is told to stop asking its user.
                            await asking.CancelAsync();
                        }

                        break;
                    default:
                        sink.OnEvent(agentEvent);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // SIGINT / SIGTERM: disposing the session (by the runner) stops the running turn.
        }

        await AnsweredAsync(stop);
        return stop.IsCancellationRequested ? (killedBySignal() ? 143 : 130) : exitCode;
    }

    /// <summary>A control request answered after an await: the run does not end before its response is written.</summary>
    private void Answering(Task answer)
    {
        lock (_gate)
        {
            _answering.Add(answer);
        }
    }

    /// <summary>
    /// Waits for control requests still writing their responses. The session's events can end (EOF, all queued work
    /// done) a moment before a queued operation's continuation, such as rewind_files', writes its response; without
    /// this wait the host would miss that response. Bounded, so a stuck request never holds the exit.
    /// </summary>
    private async Task AnsweredAsync(CancellationToken stop)
    {
        Task[] answering;
        lock (_gate)
        {
            answering = [.. _answering];
        }

        if (answering.Length == 0)
        {
            return;
        }

        // WhenAny never throws: a request that failed has answered with its error, one that never answers is the
        // host's to time out, and a signal ends the wait at once.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
        await Task.WhenAny(Task.WhenAll(answering), Task.Delay(TimeSpan.FromSeconds(10), env.Time, cancel.Token));
        await cancel.CancelAsync();
    }

    private HeadlessContext NewContext() =>
        new(setup, new RunReport(env.Time), stdout, stderr, options.Verbose, options.IncludePartialMessages) { Structured = Structured, StructuredRetries = StructuredOutputRetries };

    /// <summary>True (and counted) when a completed turn still owes its structured answer and may be reminded.</summary>
    private bool NeedsStructuredOutput(TurnFinished finished)
    {
        if (Structured is not { Output: null } || finished.Kind != TurnKind.User || finished.Reason != TerminalReason.Completed || _structuredRetries >= StructuredOutputRetries)
        {
            return false;
        }

        _structuredRetries++;
        return true;
    }

    /// <summary>A user turn is queued: an idle session turns running and says what it runs with.</summary>
    private void TurnQueued()
    {
        lock (_gate)
        {
            if (_pendingTurns++ == 0)
            {
                WriteState("running");
                new StreamJsonSink(NewContext(), options.MaxTurns).Start();
            }
        }
    }

    /// <summary>A result was written: the next queued turn starts with its own init line, or the session is idle.</summary>
    private void TurnEnded()
    {
        lock (_gate)
        {
            _pendingTurns = Math.Max(0, _pendingTurns - 1);
            if (_pendingTurns > 0)
            {
                new StreamJsonSink(NewContext(), options.MaxTurns).Start();
            }
            else
            {
                WriteState("idle");
            }
        }
    }

    private void WriteState(string state) => channel.WriteLine(w =>
    {
        w.WriteString("type", "system");
        w.WriteString("subtype", "session_state_changed");
        w.WriteString("state", state);
        w.WriteString("session_id", setup.SessionId);
        w.WriteString("uuid", Guid.NewGuid().ToString());
    });

    private void AnswerCompact(TurnFinished finished)
    {
        string? id;
        lock (_gate)
        {
            _compactRequests.TryDequeue(out id);
        }

        if (id is null)
        {
            return;
        }

        if (finished.Reason == TerminalReason.Completed)
        {
            channel.Succeed(id, w => w.WriteString("result", finished.ResultText));
        }
        else
        {
            channel.Fail(id, finished.Error?.Message ?? "compaction did not finish");
        }
    }

    /// <summary>Forwards a session request to the host as a control request; the host's answer goes back as an operation.</summary>
    private async Task ForwardAsync<T>(string requestId, Func<CancellationToken, ValueTask<T>> ask, Func<T, SessionOperation> answer, CancellationToken stop)
    {
        using var asking = CancellationTokenSource.CreateLinkedTokenSource(stop);
        _hostAsks[requestId] = asking;
        try
        {
            var value = await ask(asking.Token);
            if (answer(value) is AnswerPermission permission)
            {
                WriteState("running");
                _ = _session.Submit(permission);
            }
            else
            {
                _ = _session.Submit(answer(value));
            }
        }
        catch (OperationCanceledException)
        {
            // The request was cancelled (interrupt) or the run is stopping: nothing to answer.
        }
        finally
        {
            _hostAsks.TryRemove(requestId, out _);
        }
    }

    /// <summary>The host's <c>interrupt</c>: the running turn stops cleanly; the session goes on with the next message.</summary>
    private void Interrupt()
    {
        lock (_gate)
        {
            _interrupted = _session.IsBusy;
        }

        _ = _session.Submit(new Interrupt());
    }

    private bool TakeInterrupted()
    {
        lock (_gate)
        {
            var interrupted = _interrupted;
            _interrupted = false;
            return interrupted;
        }
    }

    private void QueueCompact(string requestId, string? focus)
    {
        lock (_gate)
        {
            _compactRequests.Enqueue(requestId);
        }

        _ = _session.Submit(new CompactConversation(focus));
    }

    private async Task SetModelAsync(string requestId, string? model)
    {
        await _session.Submit(new SetModel(model is null or "default" ? setup.Model : model));
        channel.Succeed(requestId, w => w.WriteString("model", _session.Model));
    }
}
