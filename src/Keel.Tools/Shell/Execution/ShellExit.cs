namespace Keel.Tools.Shell.Execution;

/// <summary>
/// How a command ended. <see cref="ExitCode"/> is null when the process could not be waited for, or when it was
/// <see cref="Detached"/>: moved to the background while it ran (it is still running, owned by a background task).
/// </summary>
internal sealed record ShellExit(int? ExitCode, bool TimedOut, bool Interrupted, bool Detached = false);
