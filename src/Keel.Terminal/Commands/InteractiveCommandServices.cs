namespace Keel.Terminal.Commands;

/// <summary>
/// What the built-ins need from outside the terminal layer: an API reachability probe for /doctor (short
/// timeout; returns a line to show), the settings warnings of this session, the version, and the environment.
/// </summary>
public sealed record InteractiveCommandServices(
    Func<CancellationToken, Task<string>> ProbeApi,
    IReadOnlyList<string> Warnings,
    string Version,
    Func<string, string?> GetEnv,
    TimeProvider Time)
{
    /// <summary>What <c>/vim</c> switches; null leaves the command out.</summary>
    public Keel.Terminal.Input.Vim.EditorModeSetting? EditorMode { get; init; }
}
