using System.Globalization;
using Keel.Core.Cost;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Settings;
using Keel.Core.Tools;
using Keel.Tools.Notebooks;
using Keel.Tools.Planning;
using Keel.Tools.Questions;
using Keel.Tools.Web;

namespace Keel.Tools;

/// <summary>
/// The tools beyond files and shell: WebFetch, WebSearch, NotebookEdit, plan mode and AskUserQuestion,
/// configured from settings and environment. Nothing here does work until a tool is called.
/// </summary>
public static class SessionTools
{
    /// <param name="client">The session's model client, resolved at the first side request.</param>
    public static IReadOnlyList<ITool> Create(PermissionContext permissions, Func<IModelClient> client, CostTracker cost, LoadedSettings settings, Func<string, string?> getEnv, TimeProvider time, ICollection<string> warnings)
    {
        var side = new SideModel(client, cost, SideModel.ResolveModel(getEnv, settings.Effective.SmallFastModel), time);
        var timeout = Number(getEnv("KEEL_WEBFETCH_TIMEOUT_MS")) is { } ms ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
        var maxBytes = Number(getEnv("KEEL_WEBFETCH_MAX_BYTES")) ?? WebFetcher.DefaultMaxBytes;
        var searches = Number(getEnv("KEEL_MAX_WEB_SEARCHES")) ?? settings.Effective.WebSearchMaxPerSession ?? WebSearchTool.DefaultMaxSearches;
        var approval = PlanApprovalPolicy.Parse(settings.Effective.PlanModeApproval, warnings);
        return
        [
            new WebFetchTool(() => new WebFetcher(time, timeout, maxBytes, guard: new NetworkGuard(host => ExactlyAllowedHost(permissions, host))), side),
            new WebSearchTool(side, (int)Math.Min(searches, int.MaxValue)),
            new NotebookEditTool(),
            new EnterPlanModeTool(permissions),
            new ExitPlanModeTool(permissions, approval),
            new AskUserQuestionTool(),
        ];
    }

    /// <summary>Text appended to the system prompt for a session that starts in plan mode, else null.</summary>
    /// <summary>True when a WebFetch allow rule names exactly this host (what lets WebFetch reach a link-local or metadata host).</summary>
    private static bool ExactlyAllowedHost(PermissionContext permissions, string host) =>
        permissions.Rules.Any(r => r.ToolName == "WebFetch" && r.Behavior == PermissionBehavior.Allow && string.Equals(r.Specifier?.Trim(), "domain:" + host, StringComparison.OrdinalIgnoreCase));

    public static string? StartupNotice(PermissionContext permissions) =>
        permissions.Mode == PermissionMode.Plan ? PlanModeText.SessionStartsInPlanMode : null;


    private static long? Number(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;
}
