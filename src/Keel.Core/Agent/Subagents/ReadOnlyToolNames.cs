namespace Keel.Core.Agent.Subagents;

/// <summary>The tools a read-only agent (Explore, Plan) may use: nothing that writes, edits or spawns.</summary>
public static class ReadOnlyToolNames
{
    public static IReadOnlyList<string> All { get; } = ["Bash", "BashOutput", "Glob", "Grep", "Read", "WebFetch", "WebSearch", "TodoWrite"];
}
