using Keel.Core.Messages;

namespace Keel.Core.Agent;

/// <summary>Prompt attachments (recalled memories): gathered alongside the turn's preparation, never delaying it past a budget.</summary>
public sealed partial class AgentLoop
{
    /// <summary>Gathers context for each prompt (memory recall); null gathers none.</summary>
    public IPromptAttachments? Attachments { get; init; }

    /// <summary>Background work after each completed turn (memory extraction); null runs none.</summary>
    public ITurnFollowUp? FollowUp { get; init; }

    private PendingAttachments? StartAttachments(Message prompt, CancellationToken cancellationToken)
    {
        if (Attachments is not { } attachments)
        {
            return null;
        }

        var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<IReadOnlyList<string>> task;
        try
        {
            task = attachments.GatherAsync(prompt, Messages, stop.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            task = Task.FromResult<IReadOnlyList<string>>([]);
        }

        return new PendingAttachments(task, stop, attachments.Budget);
    }

    /// <summary>The prompt with whatever was gathered within the budget; later results wait for <see cref="AttachLate"/>.</summary>
    private async Task<Message> AttachWithinBudgetAsync(Message prompt, PendingAttachments? pending)
    {
        if (pending is null)
        {
            return prompt;
        }

        try
        {
            await pending.Task.WaitAsync(pending.Budget, Attachments!.Time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return prompt;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A failed gathering costs the turn nothing.
        }

        return pending.Take() is { Count: > 0 } texts ? prompt with { Content = [.. prompt.Content, .. Blocks(texts)] } : prompt;
    }

    /// <summary>Attachments that finished after the first request went out join the next tool results.</summary>
    private static Message AttachLate(Message results, PendingAttachments? pending) =>
        pending?.Take() is { Count: > 0 } texts ? results with { Content = [.. results.Content, .. Blocks(texts)] } : results;

    private static IEnumerable<ContentBlock> Blocks(IReadOnlyList<string> texts) => texts.Select(static t => (ContentBlock)new TextBlock(Reminder(t)));

    /// <summary>One turn's gathering; taken at most once, cancelled when the turn ends without it.</summary>
    private sealed class PendingAttachments(Task<IReadOnlyList<string>> task, CancellationTokenSource stop, TimeSpan budget) : IDisposable
    {
        private int _taken;

        public Task<IReadOnlyList<string>> Task { get; } = task;

        public TimeSpan Budget { get; } = budget;

        /// <summary>The texts when the gathering finished well and nobody took them yet; else null.</summary>
        public IReadOnlyList<string>? Take() =>
            Task.IsCompletedSuccessfully && Interlocked.Exchange(ref _taken, 1) == 0 ? Task.Result : null;

        public void Dispose()
        {
            stop.Cancel();
            stop.Dispose();
        }
    }
}
