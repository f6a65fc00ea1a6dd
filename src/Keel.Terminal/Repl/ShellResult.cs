namespace Keel.Terminal.Repl;

/// <summary>The outcome of a <c>!command</c>: its output (or why it did not run) and whether that is an error.</summary>
public sealed record ShellResult(string Output, bool IsError);
