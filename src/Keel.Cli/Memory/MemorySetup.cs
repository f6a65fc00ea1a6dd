using System.Globalization;
using Keel.Core.Cost;
using Keel.Core.Memory;
using Keel.Core.Model;
using Keel.Core.Settings;
using Keel.Tools.Web;

namespace Keel.Cli.Memory;

/// <summary>Composes a session's memory services: recall through the small fast model.</summary>
internal static class MemorySetup
{
    /// <summary>Recall for the main conversation, or null when auto memory is off.</summary>
    public static MemoryRecall? Recall(MemoryLocation location, Func<IModelClient> client, CostTracker cost, LoadedSettings settings, Func<string, string?> getEnv, TimeProvider time)
    {
        if (!location.Enabled)
        {
            return null;
        }

        var side = SmallModel(client, cost, settings, getEnv);
        var budget = long.TryParse(getEnv(MemoryRecall.BudgetVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : (TimeSpan?)null;
        return new MemoryRecall(location, async (system, user, token) => (await side.SendAsync(system, user, 300, null, token)).Message?.Message.Text, time, budget);
    }

    /// <summary>
    /// Background extraction for a session that goes on after its first answer (interactive, stream-json
    /// input); a one-shot <c>-p</c> run ends with its answer, so there is no background to run in.
    /// </summary>
    public static MemoryExtractor? Extractor(MemoryLocation location, bool oneShot, Func<IModelClient> client, CostTracker cost, TimeProvider time, Keel.Core.Tools.Pipeline.ToolPipeline? tools = null, decimal? maxBudgetUsd = null) =>
        location.Enabled && !oneShot ? new MemoryExtractor(location, client, cost, time) { Tools = tools, MaxBudgetUsd = maxBudgetUsd } : null;

    /// <summary>How long the end of a session waits for a running extraction (<c>KEEL_MEMORY_DRAIN_MS</c>, default 5 s).</summary>
    public static TimeSpan DrainLimit(Func<string, string?> getEnv) =>
        long.TryParse(getEnv("KEEL_MEMORY_DRAIN_MS"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? TimeSpan.FromMilliseconds(ms) : TimeSpan.FromSeconds(5);

    private static SideModel SmallModel(Func<IModelClient> client, CostTracker cost, LoadedSettings settings, Func<string, string?> getEnv) =>
        new(client, cost, SideModel.ResolveModel(getEnv, settings.Effective.SmallFastModel));
}
