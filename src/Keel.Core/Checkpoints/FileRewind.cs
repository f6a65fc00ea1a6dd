namespace Keel.Core.Checkpoints;

/// <summary>One file of a rewind: what happens to it and how many lines go back in (+) and out (−).</summary>
/// <param name="Path">The absolute path.</param>
/// <param name="Status">Restored, deleted, or left alone and why.</param>
/// <param name="Insertions">Lines the rewind adds back.</param>
/// <param name="Deletions">Lines the rewind removes.</param>
/// <param name="ChangedOutsideKeel">True when the file changed outside Keel since Keel last wrote it.</param>
public sealed record FileRewind(string Path, FileRewindStatus Status, int Insertions, int Deletions, bool ChangedOutsideKeel)
{
    public string? Error { get; init; }
}
