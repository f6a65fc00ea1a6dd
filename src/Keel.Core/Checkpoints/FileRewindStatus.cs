namespace Keel.Core.Checkpoints;

/// <summary>What a rewind did, or would do, to one file.</summary>
public enum FileRewindStatus
{
    /// <summary>Written back to its content at the checkpoint (dry run: would be).</summary>
    Restored,

    /// <summary>Removed: it did not exist at the checkpoint (dry run: would be).</summary>
    Deleted,

    /// <summary>Left alone: changed outside Keel since Keel last wrote it, and overwriting was not confirmed.</summary>
    ChangedOutsideKeel,

    /// <summary>Left alone: reading or writing it failed (the reason is in <see cref="FileRewind.Error"/>).</summary>
    Failed,
}
