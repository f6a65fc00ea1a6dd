using Keel.Core.Tools;

namespace Keel.Core.Agent.Subagents;

/// <summary>
/// The tools a read-only agent (Explore, Plan) gets, by each tool's own kind: reads, network lookups and commands
/// (the shell, for read-only commands; every call still goes through the permission engine), but nothing that
/// writes files and nothing that acts on the session or the user (todos, plan mode, questions, subagents).
/// Command-running tools come wrapped in <see cref="ReadOnlyAgentTool"/>, which refuses commands that could write.
/// </summary>
public static class ReadOnlyAgentTools
{
    public static bool Allows(ITool tool) => tool.Kind is ToolKind.Read or ToolKind.Network or ToolKind.Exec;
}
