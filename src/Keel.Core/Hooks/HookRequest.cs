namespace Keel.Core.Hooks;

/// <summary>What an executor needs to run one handler.</summary>
/// <param name="Handler">The handler.</param>
/// <param name="Input">The event's input JSON (stdin for commands, the body for http).</param>
/// <param name="WorkingDirectory">Where a command runs.</param>
/// <param name="ProjectDirectory">Exported as <c>KEEL_PROJECT_DIR</c> and <c>CLAUDE_PROJECT_DIR</c>.</param>
/// <param name="Timeout">When the handler is cancelled.</param>
public sealed record HookRequest(HookHandler Handler, string Input, string WorkingDirectory, string ProjectDirectory, TimeSpan Timeout)
{
    /// <summary>SessionStart: the file the hook may write <c>export K=V</c> lines to (<c>CLAUDE_ENV_FILE</c>) for later Bash calls.</summary>
    public string? EnvFile { get; init; }
}
