using Keel.Core.Sessions;
using Keel.Terminal.Dialogs;

namespace Keel.Terminal.Repl;

/// <summary>
/// The engine's events on the REPL's loop: rendered by the view, except requests, which open a dialog whose
/// answer goes back to the session as an operation (and close again when the session cancels them).
/// </summary>
public sealed partial class ReplSession
{
    private async Task ReadEventsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var agentEvent in _services.Engine.ReadEventsAsync(cancellationToken))
            {
                Post(() => OnSessionEvent(agentEvent));
            }
        }
        catch (OperationCanceledException)
        {
            // The REPL is closing.
        }
    }

    private void OnSessionEvent(AgentEvent agentEvent)
    {
        TrackContext(agentEvent);
        switch (agentEvent)
        {
            case PermissionRequested request:
                _ = AnswerAsync(request.RequestId, token => _permissionDialogs.AskAsync(request, token), answer => new AnswerPermission(request.RequestId, answer));
                break;
            case QuestionRequested request:
                _ = AnswerAsync(request.RequestId, token => _interactionDialogs.AskQuestionsAsync(request.Questions, token), answers => new AnswerQuestion(request.RequestId, answers));
                break;
            case PlanApprovalRequested request:
                _ = AnswerAsync(request.RequestId, token => _interactionDialogs.ReviewPlanAsync(request.Plan, token), review => new ApprovePlan(request.RequestId, review));
                break;
            case RequestCancelled cancelled:
                if (_requests.Remove(cancelled.RequestId, out var dialog))
                {
                    dialog.Cancel();
                }

                break;
            case FilesRewound:
                // The rewind dialog reports what it asked for.
                break;
            case TurnFinished finished:
                _services.View.OnEvent(finished);
                if (!_services.Engine.IsBusy)
                {
                    OnTurnEnded();
                }

                break;
            default:
                _services.View.OnEvent(agentEvent);
                break;
        }
    }

    /// <summary>Shows a request's dialog; its answer becomes the operation that settles the request.</summary>
    private async Task AnswerAsync<T>(string requestId, Func<CancellationToken, ValueTask<T>> ask, Func<T, SessionOperation> answer)
    {
        var dialog = new CancellationTokenSource();
        _requests[requestId] = dialog;
        try
        {
            var value = await ask(dialog.Token);
            if (!dialog.IsCancellationRequested)
            {
                await _services.Engine.Submit(answer(value));
            }
        }
        finally
        {
            Post(() =>
            {
                _requests.Remove(requestId);
                dialog.Dispose();
            });
        }
    }

    /// <summary>Esc / Ctrl+C: stops a running <c>!command</c> and the session's running turn.</summary>
    private void InterruptRunning()
    {
        StopLoop($"/loop stopped after {_loopRun} run{(_loopRun == 1 ? string.Empty : "s")}.");
        _turn?.Cancel();
        if (_engineTurn)
        {
            _ = _services.Engine.Submit(new Interrupt());
        }
    }
}
