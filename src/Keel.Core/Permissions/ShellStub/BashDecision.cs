namespace Keel.Core.Permissions.Shell;

// TEMPORARY: replaced by the shell branch (src/Keel.Core/Permissions/Shell/). Delete when merging.

/// <summary>The shell analyzer's decision and the simple commands it found.</summary>
public sealed record BashDecision(PermissionDecision Decision, IReadOnlyList<string> Commands);
