namespace Keel.Testing.Invariants;

/// <summary>Names of the rules <see cref="RequestInvariants"/> checks.</summary>
public static class InvariantRules
{
    public const string Json = "json";
    public const string Roles = "roles";
    public const string ToolPairing = "tool-pairing";
    public const string CacheBreakpoints = "cache-breakpoints";
    public const string ThinkingPreserved = "thinking-preserved";
    public const string SystemStable = "system-stable";
    public const string ToolsStable = "tools-stable";
    public const string AppendOnly = "append-only";
}
