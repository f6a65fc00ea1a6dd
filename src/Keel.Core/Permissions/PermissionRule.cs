namespace Keel.Core.Permissions;

/// <summary>
/// One rule as a user wrote it (<c>Bash(git log:*)</c>, <c>Read(./secrets/**)</c>, <c>mcp__github</c>),
/// with what it does and which settings source it came from, so every decision can cite it.
/// </summary>
/// <param name="ToolName">The part before the parentheses: <c>Bash</c>, <c>Read</c>, <c>mcp__server__tool</c>.</param>
/// <param name="Specifier">The text inside the parentheses, or null for a bare tool name.</param>
/// <param name="Behavior">Allow, ask or deny.</param>
/// <param name="Source">
/// Where it came from: <c>policySettings</c> (managed), <c>flagSettings</c> (--settings), <c>cliArg</c>,
/// <c>localSettings</c>, <c>projectSettings</c>, <c>userSettings</c>, <c>session</c>.
/// </param>
/// <param name="Text">The rule exactly as written, for messages.</param>
/// <param name="BaseDirectory">The directory relative path rules are anchored to (the settings file's project root).</param>
public sealed record PermissionRule(string ToolName, string? Specifier, PermissionBehavior Behavior, string Source, string Text, string? BaseDirectory = null)
{
    /// <summary>The settings file the rule was read from (null for --allowedTools, session and built-in rules).</summary>
    public string? File { get; init; }

    /// <summary>Where the rule came from, for explanations: its settings file when there is one, else its source.</summary>
    public string Origin => File ?? Source;
}
