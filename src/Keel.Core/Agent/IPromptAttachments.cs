using Keel.Core.Messages;

namespace Keel.Core.Agent;

/// <summary>
/// Context gathered for a prompt while the turn gets ready (recalled memories). The loop starts it as the
/// turn begins, waits at most <see cref="Budget"/> before the first request, and attaches what arrived to
/// the prompt; what comes later joins the next tool results; what never comes is dropped. Never part of
/// the system prompt, so the cached prefix stays the same.
/// </summary>
public interface IPromptAttachments
{
    /// <summary>How long the first request may wait for the gathering.</summary>
    TimeSpan Budget { get; }

    /// <summary>The clock the budget runs on.</summary>
    TimeProvider Time { get; }

    /// <summary>Texts to attach (each becomes a system reminder), possibly none.</summary>
    Task<IReadOnlyList<string>> GatherAsync(Message prompt, IReadOnlyList<Message> history, CancellationToken cancellationToken);
}
