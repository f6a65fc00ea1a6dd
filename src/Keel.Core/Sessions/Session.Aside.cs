using Keel.Core.Agent;
using Keel.Core.Model;

namespace Keel.Core.Sessions;

public sealed partial class Session
{
    /// <summary>
    /// A side question (<c>/btw</c>) answered alongside whatever runs: not queued behind the running turn, which it
    /// neither waits for nor interrupts, and not on the event stream (the caller shows the answer; it never joins the
    /// conversation). It forks the conversation as it stands at the moment it is asked. Cancel
    /// <paramref name="cancellationToken"/> to dismiss it; it ends with a <see cref="TurnFinished"/> of kind
    /// <see cref="TurnKind.SideQuestion"/> (Aborted when dismissed).
    /// </summary>
    public async Task<TurnFinished> AskAlongsideAsync(string question, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token, cancellationToken);
        TurnFinished? finished = null;
        try
        {
            await foreach (var item in _loop.AskSideQuestionAsync(question, linked.Token).ConfigureAwait(false))
            {
                finished = item as TurnFinished ?? finished;
            }
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            finished = null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            finished = new TurnFinished(TerminalReason.ModelError, string.Empty, 0, new ModelError(ModelErrorKind.Protocol, ex.Message), null, Transition.UserInput);
        }

        if (linked.IsCancellationRequested)
        {
            finished = null;
        }

        return (finished ?? new TurnFinished(TerminalReason.Aborted, string.Empty, 0, null, null, Transition.UserInput)) with { Kind = TurnKind.SideQuestion };
    }
}
