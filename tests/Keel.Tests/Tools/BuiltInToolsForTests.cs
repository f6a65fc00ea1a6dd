using Keel.Core.Agent.Subagents;
using Keel.Core.Tools;
using Keel.Tools;

namespace Keel.Tests.Tools;

/// <summary>Every built-in tool, built the way a session builds it (no model, no subagents behind them).</summary>
internal static class BuiltInToolsForTests
{
    public static IReadOnlyList<ITool> All() =>
        BuiltInTools.Create(new BuiltInToolParts(
            new Keel.Core.Permissions.PermissionContext("/tmp", [], "/tmp", Keel.Core.Permissions.PermissionMode.Default, []),
            static () => throw new InvalidOperationException("no model in these tests"),
            new Keel.Core.Cost.CostTracker(),
            Keel.Core.Settings.LoadedSettings.Empty,
            static _ => null,
            TimeProvider.System,
            new List<string>())
        {
            Skill = static _ => new Keel.Tools.Skills.SkillTool(),
            Agents = new NoAgents(),
            Deferred = new Keel.Core.Tools.Deferral.DeferredTools(),
        });

    private sealed class NoAgents : ISubagentRunner
    {
        public AgentCatalog Catalog { get; } = new(() => ([.. BuiltInAgents.All], []));

        public Task<SubagentResult> RunAsync(SubagentRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
