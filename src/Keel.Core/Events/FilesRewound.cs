using Keel.Core.Checkpoints;

namespace Keel.Core.Events;

/// <summary>
/// The answer to <see cref="Sessions.RewindFiles"/>: each file restored, deleted or left alone (dry run: what
/// would happen), or an error (an unknown prompt id, no checkpoints in this session).
/// </summary>
public sealed record FilesRewound(string PromptId, bool DryRun, IReadOnlyList<FileRewind> Files, string? Error) : AgentEvent
{
    /// <summary>True when the rewind could run (and, unless a dry run, did).</summary>
    public bool CanRewind => Error is null;

    public int Insertions => Files.Where(static f => f.Status is FileRewindStatus.Restored or FileRewindStatus.Deleted).Sum(static f => f.Insertions);

    public int Deletions => Files.Where(static f => f.Status is FileRewindStatus.Restored or FileRewindStatus.Deleted).Sum(static f => f.Deletions);
}
