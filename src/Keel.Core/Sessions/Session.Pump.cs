using Keel.Core.Agent;
using Keel.Core.Cost;
using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Core.Sessions;

/// <summary>The one turn pump: queued operations in order, then background work, until the input ends.</summary>
public sealed partial class Session
{
    private async Task PumpAsync()
    {
        var reader = _queue.Reader;
        try
        {
            while (!_lifetime.IsCancellationRequested)
            {
                if (reader.TryRead(out var next))
                {
                    await RunQueuedAsync(next).ConfigureAwait(false);
                    continue;
                }

                if (ShouldFollowBackground())
                {
                    await FollowBackgroundAsync().ConfigureAwait(false);
                    continue;
                }

                if (!await reader.WaitToReadAsync(_lifetime.Token).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            // Disposed: stop where we are.
        }
        finally
        {
            while (reader.TryRead(out var left))
            {
                left.Done.TrySetResult(null);
                left.Rewound?.TrySetResult(new FilesRewound(string.Empty, false, [], "The session has ended."));
            }

            _outbox.Complete();
        }
    }

    private async Task RunQueuedAsync(Queued queued)
    {
        TurnFinished? finished = null;
        switch (queued.Operation)
        {
            case SendUserTurn turn:
                var promptId = turn.Id ?? Guid.NewGuid().ToString();
                finished = await RunTurnAsync(token => _loop.RunTurnAsync(turn.Message, turn.Overrides, promptId, token), TurnKind.User).ConfigureAwait(false);
                break;
            case CompactConversation compact:
                finished = await RunTurnAsync(token => _loop.CompactAsync(compact.Focus, token), TurnKind.Compact).ConfigureAwait(false);
                break;
            case AskSideQuestion side:
                finished = await RunTurnAsync(token => _loop.AskSideQuestionAsync(side.Question, token), TurnKind.SideQuestion).ConfigureAwait(false);
                break;
            case SummarizeFromPrompt summarize:
                finished = await RunTurnAsync(token => _loop.SummarizeFromAsync(summarize.PromptId, token), TurnKind.Compact).ConfigureAwait(false);
                break;
            case SetModel model:
                _loop.SwitchModel(ModelCatalog.Resolve(model.Model));
                break;
            // User actions on the conversation are recorded, so -c/-r restore exactly what the user last saw.
            case ClearConversation:
                _loop.ReplaceConversation(new ConversationReset(ConversationReset.Clear, []));
                break;
            case RewindConversation rewind:
                if (_loop.Prompts.FirstOrDefault(p => p.Id == rewind.PromptId) is { } point)
                {
                    _loop.ReplaceConversation(new ConversationReset(ConversationReset.Rewind, point.Before) { PromptId = point.Id });
                }

                break;
            case RewindFiles files:
                var rewound = RewindFilesNow(files);
                _outbox.Emit(rewound);
                queued.Rewound?.TrySetResult(rewound);
                break;
            case ResumeConversation resume:
                _loop.ReplaceConversation(new ConversationReset(ConversationReset.Resume, resume.Messages, resume.FromSessionId));
                break;
        }

        queued.Done.TrySetResult(finished);
    }

    private FilesRewound RewindFilesNow(RewindFiles request)
    {
        if (_loop.Checkpoints is not { } checkpoints)
        {
            return new FilesRewound(request.PromptId, request.DryRun, [], "File checkpoints are off in this session.");
        }

        var files = checkpoints.Rewind(request.PromptId, request.DryRun, request.OverwriteChangedFiles);
        return files is null
            ? new FilesRewound(request.PromptId, request.DryRun, [], $"No checkpoint for message {request.PromptId} in this session.")
            : new FilesRewound(request.PromptId, request.DryRun, files, null);
    }

    /// <summary>Runs one turn-like stream under its own cancellation; exactly one <see cref="TurnFinished"/> is emitted.</summary>
    private async Task<TurnFinished> RunTurnAsync(Func<CancellationToken, IAsyncEnumerable<AgentEvent>> run, TurnKind kind)
    {
        using var running = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        lock (_gate)
        {
            _running = running;
        }

        TurnFinished? finished = null;
        try
        {
            await foreach (var item in run(running.Token).ConfigureAwait(false))
            {
                if (item is TurnFinished end)
                {
                    finished = end;
                }
                else
                {
                    _outbox.Emit(item);
                }
            }
        }
        catch (OperationCanceledException) when (running.IsCancellationRequested)
        {
            finished = null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The loop reports expected failures as events; anything else ends the turn, not the session.
            finished = new TurnFinished(TerminalReason.ModelError, string.Empty, 0, new ModelError(ModelErrorKind.Protocol, ex.Message), null, Transition.UserInput);
        }
        finally
        {
            lock (_gate)
            {
                _running = null;
            }
        }

        finished = (finished ?? new TurnFinished(TerminalReason.Aborted, string.Empty, 0, null, null, Transition.UserInput)) with { Kind = kind };
        lock (_gate)
        {
            if (kind is not (TurnKind.Compact or TurnKind.SideQuestion))
            {
                _followBackground = finished.Reason == TerminalReason.Completed;
            }
        }

        _outbox.Emit(finished);
        return finished;
    }

    private bool ShouldFollowBackground()
    {
        lock (_gate)
        {
            return _followBackground && _options.FollowBackgroundWork && _options.Background is { HasPendingNotifications: true };
        }
    }

    /// <summary>
    /// Waits for a background notification or the next operation, whichever comes first. A notification becomes a
    /// turn of its own; an operation runs next and picks up notifications before its first request.
    /// </summary>
    private async Task FollowBackgroundAsync()
    {
        var background = _options.Background!;
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token);
        lock (_gate)
        {
            _waitingForBackground = waiting;
        }

        try
        {
            var input = _queue.Reader.Completion.IsCompleted
                ? Task.Delay(Timeout.Infinite, waiting.Token)
                : _queue.Reader.WaitToReadAsync(waiting.Token).AsTask();
            var notified = background.WaitForNotificationAsync(waiting.Token);
            try
            {
                await Task.WhenAny(input, notified).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (waiting.IsCancellationRequested || _queue.Reader.Count > 0 || !notified.IsCompletedSuccessfully)
            {
                return;
            }

            var notes = background.DrainNotifications();
            if (notes.Count > 0)
            {
                var message = new Message(Role.User, [.. notes.Select(static n => (ContentBlock)new TextBlock(n))]);
                await RunTurnAsync(token => _loop.RunTurnAsync(message, token), TurnKind.Background).ConfigureAwait(false);
            }
        }
        finally
        {
            lock (_gate)
            {
                _waitingForBackground = null;
            }

            await waiting.CancelAsync().ConfigureAwait(false);
        }
    }
}
