namespace Keel.Core.Tools;

/// <summary>
/// How an editor terminal's command ended: its output (stdout and stderr as the terminal interleaved them, cut at
/// the front when <see cref="Truncated"/>), the exit code or the signal, and whether Keel killed it.
/// </summary>
public sealed record TerminalRun(string Output, bool Truncated, int? ExitCode, string? Signal, bool TimedOut, bool Interrupted);
