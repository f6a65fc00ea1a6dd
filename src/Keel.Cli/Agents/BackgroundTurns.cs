using System.Runtime.CompilerServices;
using Keel.Core.Agent;
using Keel.Core.Messages;
using Keel.Core.Tasks;

namespace Keel.Cli.Agents;

/// <summary>
/// Headless runs end when the model is done, but a background agent may still be working. This waits
/// for such agents and gives the model a turn with each notification, so their results are not lost.
/// Background shells do not hold the run open: they are stopped when the session ends.
/// </summary>
public static class BackgroundTurns
{
    public static async IAsyncEnumerable<AgentEvent> FollowAsync(
        AgentLoop loop,
        BackgroundTasks background,
        IAsyncEnumerable<AgentEvent> firstTurn,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        TurnFinished? finished = null;
        await foreach (var item in firstTurn)
        {
            finished = item as TurnFinished ?? finished;
            yield return item;
        }

        while (finished is { Reason: TerminalReason.Completed } && background.HasPendingNotifications && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                await background.WaitForNotificationAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }

            var notes = background.DrainNotifications();
            if (notes.Count == 0)
            {
                continue;
            }

            var message = new Message(Role.User, [.. notes.Select(static n => (ContentBlock)new TextBlock(n))]);
            await foreach (var item in loop.RunTurnAsync(message, cancellationToken))
            {
                finished = item as TurnFinished ?? finished;
                yield return item;
            }
        }
    }
}
