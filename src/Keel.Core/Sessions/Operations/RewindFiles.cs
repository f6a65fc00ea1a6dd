namespace Keel.Core.Sessions;

/// <summary>
/// Puts every file Keel's tools wrote since before the prompt <paramref name="PromptId"/> back as it was then
/// (files created since are deleted); the conversation stays. Answered by a <see cref="Events.FilesRewound"/>
/// event (also the result of <see cref="Session.RewindFilesAsync"/>). Changes made through a shell are not tracked.
/// </summary>
public sealed record RewindFiles(string PromptId) : SessionOperation
{
    /// <summary>Only report what would change (files, +/− lines); write nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>
    /// Also overwrite files changed outside Keel since Keel last wrote them (the user confirmed). Without it those
    /// files are left alone and reported as <see cref="Checkpoints.FileRewindStatus.ChangedOutsideKeel"/>.
    /// </summary>
    public bool OverwriteChangedFiles { get; init; }
}
