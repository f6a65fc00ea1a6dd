namespace Keel.Tools.Shell.Execution;

/// <summary>How a command ended. <see cref="ExitCode"/> is null when the process could not be waited for.</summary>
internal sealed record ShellExit(int? ExitCode, bool TimedOut, bool Interrupted);
