using System.Collections.Concurrent;
using System.Text.Json;
using Keel.Cli.Commands;
using Keel.Cli.Composition;
using Keel.Cli.Headless;
using Keel.Core.Agent;
using Keel.Core.Messages;
using Keel.Core.Permissions;
using Keel.Core.Sessions;
using Keel.Core.Tools;

namespace Keel.Cli.Acp;

/// <summary>
/// One ACP session: a Keel <see cref="Session"/> driven by <c>session/prompt</c> (operations in) whose events become
/// <c>session/update</c> notifications (events out). Permission and plan requests become
/// <c>session/request_permission</c> calls to the client; its choice goes back as the answering operation. A prompt
/// is answered with its stop reason once every update of its turn was sent.
/// </summary>
internal sealed partial class AcpSession : IAsyncDisposable
{
    private readonly AcpConnection _rpc;
    private readonly SessionSetup _setup;
    private readonly TextWriter _log;
    private readonly Queue<TaskCompletionSource<TurnFinished>> _prompts = new();
    private readonly Dictionary<string, ToolFacets> _announced = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _asks = new(StringComparer.Ordinal);
    private readonly List<string> _running = [];
    private readonly Dictionary<string, string> _terminals = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private PermissionMode _reportedMode;
    private Task _pump = Task.CompletedTask;

    public AcpSession(AcpConnection rpc, SessionSetup setup, TextWriter log)
    {
        _rpc = rpc;
        _setup = setup;
        _log = log;
        _reportedMode = setup.Policy.Mode;
    }

    public string Id => _setup.SessionId;

    /// <summary>The modes a client may pick, Keel's permission modes under their own names.</summary>
    public AcpModeState Modes
    {
        get
        {
            var current = _setup.Policy.Mode;
            List<AcpMode> modes =
            [
                new("default", "Default", "Ask before edits, commands and anything the rules do not allow"),
                new("acceptEdits", "Accept Edits", "Apply file edits in the working directories without asking"),
                new("plan", "Plan", "Read and plan only; nothing is changed until the plan is approved"),
                new("bypassPermissions", "Bypass Permissions", "Run every tool without asking"),
            ];
            if (current == PermissionMode.DontAsk)
            {
                modes.Add(new("dontAsk", "Don't Ask", "Refuse anything the rules do not allow, without asking"));
            }

            return new AcpModeState(PermissionModes.Name(current), modes);
        }
    }

    public void Start() => _pump = Task.Run(PumpAsync);

    /// <summary>A call's command runs in the editor's terminal: the call shows that terminal from now on.</summary>
    public void EmbedTerminal(string toolCallId, string terminalId)
    {
        lock (_gate)
        {
            _terminals[toolCallId] = terminalId;
        }

        Send(new AcpToolCallUpdate(toolCallId) { Content = [new AcpTerminalItem(terminalId)] });
    }

    /// <summary>Sends the slash commands this session knows (after session/new or session/load was answered).</summary>
    public void AnnounceCommands()
    {
        var registry = CommandCatalog.Build(_setup);
        var commands = registry.All
            .Where(static c => !c.InteractiveOnly)
            .Select(static c => new AcpAvailableCommand(c.Name, c.Description) { Input = c.ArgumentHint is { Length: > 0 } hint ? new AcpCommandInput(hint) : null })
            .ToList();
        Send(new AcpAvailableCommandsUpdate(commands));
    }

    /// <summary>Runs one prompt to its end and returns the ACP stop reason.</summary>
    public async Task<string> PromptAsync(Message message, CancellationToken cancellationToken)
    {
        SessionOperation operation = new SendUserTurn(message);
        if (message.Content is [TextBlock { Text: var text }] && text.TrimStart().StartsWith('/'))
        {
            var (start, error) = await HeadlessCommands.PrepareAsync(text.Trim(), _setup, _log, cancellationToken);
            if (start is null || start.Shown is not null)
            {
                Send(new AcpAgentMessageChunk(new AcpTextContent(error ?? start!.Shown!.ResultText)));
                return "end_turn";
            }

            operation = start.Operation!;
        }

        var done = new TaskCompletionSource<TurnFinished>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _prompts.Enqueue(done);
        }

        _ = _setup.Session.Submit(operation);
        var finished = await done.Task;
        return StopReason(finished);
    }

    /// <summary><c>session/cancel</c>: the running turn stops; its prompt is answered with <c>cancelled</c>.</summary>
    public void Cancel() => _ = _setup.Session.Submit(new Interrupt());

    public void SetMode(PermissionMode mode)
    {
        lock (_gate)
        {
            _reportedMode = mode;
        }

        _ = _setup.Session.Submit(new SetMode(mode));
    }

    /// <summary>The ACP stop reason of a finished turn; failures the user must see are errors.</summary>
    internal static string StopReason(TurnFinished finished) => finished.Reason switch
    {
        TerminalReason.Completed when finished.StopReason == "max_tokens" => "max_tokens",
        TerminalReason.Completed when finished.StopReason == "refusal" => "refusal",
        TerminalReason.Completed or TerminalReason.HookStopped => "end_turn",
        TerminalReason.Aborted => "cancelled",
        TerminalReason.MaxTurns or TerminalReason.BudgetExceeded => "max_turn_requests",
        _ => throw new AcpException(AcpException.InternalError, finished.Error?.Message is { Length: > 0 } message ? message : $"The turn failed ({finished.Reason}). {finished.ResultText}".Trim()),
    };

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var agentEvent in _setup.Session.ReadEventsAsync(_stop.Token))
            {
                Handle(agentEvent);
                ReportModeChange();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // The session is closing.
        }
        finally
        {
            lock (_gate)
            {
                while (_prompts.TryDequeue(out var waiting))
                {
                    waiting.TrySetResult(new TurnFinished(TerminalReason.Aborted, string.Empty, 0, null, null, Transition.UserInput));
                }
            }
        }
    }

    private void Handle(AgentEvent agentEvent)
    {
        switch (agentEvent)
        {
            case AssistantTextDelta delta:
                Send(new AcpAgentMessageChunk(new AcpTextContent(delta.Text)));
                break;
            case AssistantThinkingDelta delta:
                Send(new AcpAgentThoughtChunk(new AcpTextContent(delta.Text)));
                break;
            case PermissionRequested request:
                Announce(request.ToolUseId, request.ToolName, request.Input, request.Facets);
                _ = ForwardPermissionAsync(request);
                break;
            case PlanApprovalRequested request:
                _ = ForwardPlanAsync(request);
                break;
            case QuestionRequested request:
                _ = ForwardQuestionsAsync(request);
                break;
            case RequestCancelled cancelled when _asks.TryGetValue(cancelled.RequestId, out var asking):
                asking.Cancel();
                break;
            case TodosUpdated todos:
                Send(new AcpPlan([.. todos.Todos.Select(static t => new AcpPlanEntry(t.Content, "medium", Core.Todo.TodoItem.StatusName(t.Status)))]));
                break;
            case SubagentEvent sub when sub.Event is PermissionResolved or ToolStarted or ToolProgressed or ToolFinished:
                // A subagent's tool calls show as calls of their own (their ids are unique); its text stays inside its result.
                Handle(sub.Event);
                break;
            case PermissionResolved resolved:
                Announce(resolved.Call.Id, resolved.Call.Name, resolved.Call.Input, resolved.Facets);
                break;
            case ToolStarted started:
                Announce(started.Call.Id, started.Call.Name, started.Call.Input, started.Facets);
                lock (_gate)
                {
                    _running.Add(started.Call.Id);
                }

                Send(new AcpToolCallUpdate(started.Call.Id) { Status = "in_progress" });
                break;
            case ToolProgressed progressed when IsAnnounced(progressed.Progress.ToolUseId) && progressed.Progress.Message.Length > 0 && TerminalOf(progressed.Progress.ToolUseId) is null:
                // (A call in an editor terminal already shows its output live there.)
                Send(new AcpToolCallUpdate(progressed.Progress.ToolUseId) { Content = [new AcpContentItem(new AcpTextContent(progressed.Progress.Message))] });
                break;
            case ToolFinished finished:
                Finish(finished);
                break;
            case TurnFinished finished when finished.Kind != TurnKind.Background:
                if (finished.Kind == TurnKind.Compact && finished.ResultText.Length > 0)
                {
                    Send(new AcpAgentMessageChunk(new AcpTextContent(finished.ResultText)));
                }

                TaskCompletionSource<TurnFinished>? waiter;
                lock (_gate)
                {
                    _prompts.TryDequeue(out waiter);
                }

                waiter?.TrySetResult(finished);
                break;
        }
    }

    private void Finish(ToolFinished finished)
    {
        Announce(finished.Call.Id, finished.Call.Name, finished.Call.Input, finished.Facets);
        lock (_gate)
        {
            _running.Remove(finished.Call.Id);
        }

        var session = _setup.Tools;
        Send(new AcpToolCallUpdate(finished.Call.Id)
        {
            Status = AcpToolMapping.Status(finished.Result),
            // Content replaces what the call showed: a terminal stays, the editor keeps showing its output after release.
            Content = TerminalOf(finished.Call.Id) is { } terminal ? [new AcpTerminalItem(terminal)] : AcpToolMapping.FinishedContent(finished.Facets, finished.Result, session),
            Locations = AcpToolMapping.Locations(finished.Facets, finished.Result.Display, session),
        });
    }

    /// <summary>Reports a call the first time any event names it (a permission ask comes before the call starts).</summary>
    private void Announce(string id, string toolName, JsonElement input, ToolFacets facets)
    {
        lock (_gate)
        {
            if (!_announced.TryAdd(id, facets))
            {
                return;
            }
        }

        Send(ToolCall(id, toolName, input, facets, "pending"));
    }

    private AcpToolCall ToolCall(string id, string toolName, JsonElement input, ToolFacets facets, string status)
    {
        var session = _setup.Tools;
        return new AcpToolCall(id, AcpToolMapping.Title(toolName, facets), AcpToolMapping.Kind(_setup.Policy.Tools.Find(toolName)?.Kind, facets), status)
        {
            Content = AcpToolMapping.PlannedContent(facets, session),
            Locations = AcpToolMapping.Locations(facets, null, session),
            RawInput = input.ValueKind == JsonValueKind.Object ? input : null,
        };
    }

    private string? TerminalOf(string id)
    {
        lock (_gate)
        {
            return _terminals.GetValueOrDefault(id);
        }
    }

    private bool IsAnnounced(string id)
    {
        lock (_gate)
        {
            return _announced.ContainsKey(id);
        }
    }

    private void ReportModeChange()
    {
        var mode = _setup.Policy.Mode;
        lock (_gate)
        {
            if (mode == _reportedMode)
            {
                return;
            }

            _reportedMode = mode;
        }

        Send(new AcpCurrentModeUpdate(PermissionModes.Name(mode)));
    }

    internal void Send(AcpUpdate update) =>
        _rpc.Notify("session/update", JsonSerializer.Serialize(new AcpSessionNotification(Id, update), AcpJson.Default.AcpSessionNotification));

    public async ValueTask DisposeAsync()
    {
        foreach (var asking in _asks.Values)
        {
            await asking.CancelAsync();
        }

        _setup.Session.Complete();
        _ = _setup.Session.Submit(new Interrupt());
        await Keel.Cli.Hooks.HeadlessHooks.EndAsync(_setup, _log);
        await _setup.DisposeAsync();
        await _stop.CancelAsync();
        await _pump;
        _stop.Dispose();
    }
}
