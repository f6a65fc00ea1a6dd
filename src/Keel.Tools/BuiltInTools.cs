using System.Globalization;
using Keel.Core.Tools;
using Keel.Tools.Agents;
using Keel.Tools.Files;
using Keel.Tools.Notebooks;
using Keel.Tools.Planning;
using Keel.Tools.Questions;
using Keel.Tools.Search;
using Keel.Tools.Shell;
using Keel.Tools.Shell.Background;
using Keel.Tools.Todo;
using Keel.Tools.Web;

namespace Keel.Tools;

/// <summary>
/// The one registration list of built-in tools, used by sessions, <c>keel mcp serve</c> and <c>keel permissions
/// check</c>. A tool describes itself in its own folder; adding one touches that folder and one line here.
/// Nothing here does work until a tool is called.
/// </summary>
public static class BuiltInTools
{
    /// <summary>Every built-in tool, in the order the model sees them (the order is part of the cached request prefix).</summary>
    public static IReadOnlyList<ITool> Create(BuiltInToolParts parts)
    {
        var side = new SideModel(parts.Client, parts.Cost, SideModel.ResolveModel(parts.GetEnv, parts.Settings.Effective.SmallFastModel), parts.Time);
        var bash = ShellTools.CreateBash(parts.Sandbox);
        var maxShellOutput = BashOptions.FromEnvironment().MaxOutputChars;
        List<ITool?> tools =
        [
            new ReadTool(),
            new WriteTool(),
            new EditTool(),
            new GlobTool(),
            new GrepTool(),
            bash,
            new TodoWriteTool(),
            new BashOutputTool(maxShellOutput),
            new KillShellTool(),
            WebFetchTool.ForSession(parts.Permissions, side, Number(parts.GetEnv("KEEL_WEBFETCH_TIMEOUT_MS")), Number(parts.GetEnv("KEEL_WEBFETCH_MAX_BYTES")), parts.Time),
            new WebSearchTool(side, (int)Math.Min(Number(parts.GetEnv("KEEL_MAX_WEB_SEARCHES")) ?? parts.Settings.Effective.WebSearchMaxPerSession ?? WebSearchTool.DefaultMaxSearches, int.MaxValue)),
            new NotebookEditTool(),
            new EnterPlanModeTool(parts.Permissions),
            new ExitPlanModeTool(parts.Permissions, PlanApprovalPolicy.Parse(parts.Settings.Effective.PlanModeApproval, parts.Warnings)),
            new AskUserQuestionTool(),
            parts.Skill?.Invoke(bash),
            parts.Agents is { } agents ? AgentTools.Create(agents) : null,
            parts.Deferred is { } deferred ? new ToolSearch.ToolSearchTool(deferred) : null,
        ];
        return [.. tools.OfType<ITool>()];
    }

    private static long? Number(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : null;
}
