namespace Keel.Core.Tools;

/// <summary>
/// Terminals an editor runs and shows (ACP's terminal capability). A surface sets it on the <see cref="ToolSession"/>
/// only when commands may run outside Keel's own sandbox; the shell tool then runs through it after the same
/// permission checks as a local command.
/// </summary>
public interface IEditorTerminals
{
    /// <summary>
    /// Runs the command and waits for it to end. Reaching the timeout or <paramref name="cancellationToken"/> kills
    /// it (and says so in the result); the terminal is released either way. <paramref name="progress"/> gets the
    /// output seen so far while it runs. Infrastructure failures (the editor refused) are <see cref="IOException"/>s.
    /// </summary>
    ValueTask<TerminalRun> RunAsync(TerminalCommand command, Action<string>? progress, CancellationToken cancellationToken);
}
