namespace Keel.Tools.Shell.Launching;

/// <summary>
/// A process start described as data, so a launcher (direct, or a sandbox) can wrap the argv
/// before anything runs.
/// </summary>
/// <param name="FileName">The executable to start.</param>
/// <param name="Arguments">Its arguments, passed as an argv (never re-parsed by a shell).</param>
/// <param name="WorkingDirectory">The directory the process starts in.</param>
/// <param name="Environment">Variables to set (a null value removes the variable) on top of Keel's environment.</param>
/// <param name="OwnsProcessGroup">True when the started process becomes the leader of a new process group
/// (its pid is the group id), so the whole tree can be signalled at once.</param>
public sealed record ShellLaunch(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string?> Environment,
    bool OwnsProcessGroup = false)
{
    /// <summary>Files the command writes and Keel reads back afterwards; a sandbox must keep them writable.</summary>
    public IReadOnlyList<string> ResultFiles { get; init; } = [];

    /// <summary>
    /// The calling session's project and additional directories, when known. A sandbox made for other directories (an
    /// agent working in its own worktree under <c>.keel/worktrees</c>) makes these the writable ones for this command.
    /// </summary>
    public IReadOnlyList<string>? WorkingDirectories { get; init; }

    /// <summary>Runs once after the process has exited (or failed to start); a sandbox removes its mount points.</summary>
    public Action? AfterExit { get; init; }
}
