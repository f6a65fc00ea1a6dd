namespace Keel.Core.Permissions.Shell;

/// <summary><c>NAME=value</c> before a command, given to <c>env</c>, or standing alone.</summary>
public sealed record ShellAssignment(string Name, ShellWord Value);
