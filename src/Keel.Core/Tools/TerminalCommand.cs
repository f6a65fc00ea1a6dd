namespace Keel.Core.Tools;

/// <summary>A command for an editor's terminal: the program, its arguments, extra environment, where it runs and its limits.</summary>
public sealed record TerminalCommand(
    string ToolUseId,
    string Program,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    string WorkingDirectory,
    TimeSpan Timeout,
    long OutputByteLimit);
