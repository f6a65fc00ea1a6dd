using Keel.Core.Permissions;
using Keel.Core.Tools;

namespace Keel.Core.Agent.Subagents;

/// <summary>
/// A tool a fork keeps in its definitions (the parent's bytes, so the cache is shared) but may not call: one that
/// acts on the session or the person (spawning agents, questions, plan mode, the task list, loading tools). The
/// permission decision refuses every call, whatever the mode.
/// </summary>
public sealed class ForkRefusedTool(ITool inner, string? reason = null) : DelegatingTool(inner)
{
    /// <summary>True for a tool a fork may not call, by its own kind.</summary>
    public static bool Refuses(ITool tool) => tool.Kind == ToolKind.Interaction;

    public override PermissionDecision? CheckPermission(ToolInput input, ToolSession session) =>
        PermissionDecision.Deny(reason ?? $"{Name} is not available in a forked context: it acts on the main session; do the work with the other tools and report back", source: "fork");
}
