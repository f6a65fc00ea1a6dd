namespace Keel.Core.Permissions;

/// <summary>A decision plus, for Bash, the simple commands the analyzer found (for explanations).</summary>
public sealed record PermissionEvaluation(PermissionDecision Decision, IReadOnlyList<string>? Commands = null);
