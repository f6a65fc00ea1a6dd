using Keel.Core.Permissions;
using Keel.Core.Tasks;

namespace Keel.Core.Sessions;

/// <summary>What a <see cref="Session"/> drives besides its loop.</summary>
/// <param name="Policy">The permission engine whose mode <see cref="SetMode"/> changes.</param>
/// <param name="Background">The session's background tasks; finished agents leave notifications here.</param>
public sealed record SessionOptions(PermissionEngine Policy, BackgroundTasks? Background)
{
    /// <summary>
    /// When the queue is empty after a completed turn and a background agent is still working, wait for it and
    /// give the model a turn with its notification (kind <see cref="TurnKind.Background"/>). On for every surface:
    /// a result must not be lost because nobody typed again.
    /// </summary>
    public bool FollowBackgroundWork { get; init; } = true;

    /// <summary>
    /// Ends the session when cancelled: the running turn stops (it finishes as <c>Aborted</c>) and nothing queued
    /// runs. A child session (a subagent) lives as long as the tool call that started it.
    /// </summary>
    public CancellationToken Lifetime { get; init; }
}
