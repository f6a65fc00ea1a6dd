using Keel.Core.Hooks;
using Keel.Core.Permissions;

namespace Keel.Core.Tools.Pipeline;

/// <summary>What the pipeline's steps use. A subagent's pipeline is its parent's parts with its own tools, session, policy and caller.</summary>
/// <param name="Tools">The tools calls may use.</param>
/// <param name="Policy">The permission decision.</param>
/// <param name="Asker">Answers what would ask.</param>
/// <param name="Session">The session's tool state.</param>
public sealed record ToolPipelineParts(IReadOnlyList<ITool> Tools, IPermissionPolicy Policy, IPermissionAsker Asker, ToolSession Session)
{
    /// <summary>Saves "always allow" answers; null remembers nothing.</summary>
    public IPermissionMemory? Memory { get; init; }

    /// <summary>PreToolUse, PermissionRequest and PostToolUse(Failure) hooks; null runs none.</summary>
    public HookRunner? Hooks { get; init; }

    /// <summary>Context attached to a result because of what the call touched (nested instructions, path rules); null adds none.</summary>
    public IToolResultAttachments? ResultAttachments { get; init; }

    /// <summary>Tools sent by name only; calling one before ToolSearch loads it is refused. Null: none deferred.</summary>
    public Deferral.DeferredTools? Deferred { get; init; }

    /// <summary>Who makes the calls (a subagent's id goes to hooks).</summary>
    public ToolCaller Caller { get; init; } = ToolCaller.Main;

    public ITool? Find(string name)
    {
        foreach (var tool in Tools)
        {
            if (tool.Name == name)
            {
                return tool;
            }
        }

        return null;
    }
}
