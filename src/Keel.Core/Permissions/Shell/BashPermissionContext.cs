namespace Keel.Core.Permissions.Shell;

/// <summary>What the Bash decision needs: where the shell stands, the mode, every rule, and the path half of the engine.</summary>
/// <param name="ProjectDirectory">The project root.</param>
/// <param name="Cwd">The shell's current directory (absolute).</param>
/// <param name="Home">The user's home directory, for <c>~</c>, <c>$HOME</c> and bare <c>cd</c>.</param>
/// <param name="WorkingDirectories">The project plus additional directories.</param>
/// <param name="Mode">The permission mode.</param>
/// <param name="Rules">All rules from all sources; command rules are those of <paramref name="ToolName"/>, path denies those of the file tools.</param>
/// <param name="Paths">Decides each statically known path a recognised command reads or writes.</param>
/// <param name="ToolName">The tool that runs the command (the call's own name, from the tool): its rules are <c>ToolName(prefix:*)</c>.</param>
public sealed record BashPermissionContext(
    string ProjectDirectory,
    string Cwd,
    string Home,
    IReadOnlyList<string> WorkingDirectories,
    PermissionMode Mode,
    IReadOnlyList<PermissionRule> Rules,
    IPathPolicy Paths,
    string ToolName);
