namespace Keel.Core.Checkpoints;

/// <summary>
/// One transcript line of the file checkpoints: the content a file had before a prompt's first write to it
/// (<see cref="Backup"/>), or the content Keel left after writing it. <see cref="Hash"/> names the stored
/// content (null: the file did not exist), so <c>-c</c>/<c>-r</c> rebuild the checkpoints from the transcript.
/// </summary>
/// <param name="PromptId">The prompt whose turn wrote the file (null for a write made by a rewind).</param>
/// <param name="Path">The absolute path.</param>
/// <param name="Backup">True: the state before the prompt's first write; false: the state Keel wrote.</param>
/// <param name="Hash">The XXH128 of the content in hex (SHA-256 in sessions recorded before), or null when the file was absent.</param>
public sealed record FileCheckpointRecord(string? PromptId, string Path, bool Backup, string? Hash);
