using Keel.Core.Agent.Subagents;
using Keel.Core.Cost;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Settings;
using Keel.Core.Tools;
using Keel.Tools.Shell.Sandbox;

namespace Keel.Tools;

/// <summary>What the built-in tools are made from: the session's permissions, model, settings and environment.</summary>
/// <param name="Permissions">Plan-mode tools switch its mode; WebFetch reads its exact-host allow rules.</param>
/// <param name="Client">The session's model client, resolved at the first side request (WebFetch, WebSearch).</param>
/// <param name="Warnings">Where configuration problems go (a bad plan-approval setting).</param>
public sealed record BuiltInToolParts(
    PermissionContext Permissions,
    Func<IModelClient> Client,
    CostTracker Cost,
    LoadedSettings Settings,
    Func<string, string?> GetEnv,
    TimeProvider Time,
    ICollection<string> Warnings)
{
    /// <summary>Bash runs in this sandbox when it is enabled (null: on the host).</summary>
    public SandboxOptions? Sandbox { get; init; }

    /// <summary>The Skill tool, given the session's Bash (skills expand their commands through it); null: none.</summary>
    public Func<ITool, ITool?>? Skill { get; init; }

    /// <summary>
    /// The runner behind the Agent tool; null: no Agent tool here (a session adds its own, depth-aware Agent tool
    /// per agent, since an agent's tool list is this list minus Agent).
    /// </summary>
    public ISubagentRunner? Agents { get; init; }

    /// <summary>The session's deferred tools; set, the list includes ToolSearch (dropped again when nothing is deferred).</summary>
    public Keel.Core.Tools.Deferral.DeferredTools? Deferred { get; init; }
}
