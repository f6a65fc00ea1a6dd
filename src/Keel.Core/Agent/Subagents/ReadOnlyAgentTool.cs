using Keel.Core.Permissions;
using Keel.Core.Permissions.Shell;
using Keel.Core.Tools;

namespace Keel.Core.Agent.Subagents;

/// <summary>
/// A tool as a read-only agent (Explore, Plan) gets it: the same definition, bytes and behaviour, but a call that
/// could change something is refused by the permission decision whatever the mode (bypass included). A shell
/// command must be one the analyzer proves read-only; another command-running tool must describe the call as read-only.
/// </summary>
public sealed class ReadOnlyAgentTool(ITool inner, string agentName) : DelegatingTool(inner)
{
    public override PermissionDecision? CheckPermission(ToolInput input, ToolSession session)
    {
        var facets = input.Facets;
        var readOnly = facets.Command is { } command ? BashPermission.IsProvablyReadOnly(command, allowGit: true) : facets.IsReadOnly || Kind is not ToolKind.Exec;
        return readOnly
            ? base.CheckPermission(input, session)
            : PermissionDecision.Deny($"the {agentName} agent is read-only: it may run only commands that change nothing (search, list, read, git log/diff/status)", source: "agent");
    }
}
