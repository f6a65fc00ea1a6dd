namespace Keel.Core.Permissions.Shell;

/// <summary>The Bash permission decision plus the simple commands the analyzer found (for <c>keel permissions check</c>).</summary>
public sealed record BashDecision(PermissionDecision Decision, IReadOnlyList<string> Commands);
