using System.Text.Json;

namespace Keel.Core.Settings;

/// <summary>
/// The typed contents of one settings file: every top-level key Keel reads, null when the file does
/// not set it (or set it with the wrong type, which is reported as a warning). <c>permissions</c> and
/// <c>sandbox</c> are merged separately (<see cref="PermissionSettings"/>, <see cref="SandboxSettings"/>);
/// <c>hooks</c> and <c>mcpServers</c> keep their JSON for the hook and MCP configuration parsers.
/// </summary>
public sealed record SettingsFile
{
    public static SettingsFile Empty { get; } = new();

    /// <summary><c>model</c>: an alias or model id for new sessions.</summary>
    public string? Model { get; init; }

    /// <summary><c>env</c>: variables applied to the session (Bash, hooks, MCP servers, Keel's own lookups).</summary>
    public IReadOnlyDictionary<string, string>? Env { get; init; }

    /// <summary><c>fallbackModel</c>: used when the main model is overloaded.</summary>
    public string? FallbackModel { get; init; }

    /// <summary><c>effortLevel</c>: low, medium, high, max (thinking effort).</summary>
    public string? EffortLevel { get; init; }

    /// <summary><c>outputStyle</c>: the name of an output style.</summary>
    public string? OutputStyle { get; init; }

    /// <summary><c>smallFastModel</c>: the model for side requests (WebFetch summaries).</summary>
    public string? SmallFastModel { get; init; }

    /// <summary><c>webSearchMaxPerSession</c>: a number, or a string holding one.</summary>
    public long? WebSearchMaxPerSession { get; init; }

    /// <summary><c>toolSearch</c>: when tools are sent by name only (<c>auto</c>, <c>auto:N</c>, <c>true</c>, <c>false</c>); <c>ENABLE_TOOL_SEARCH</c> wins.</summary>
    public string? ToolSearch { get; init; }

    /// <summary><c>promptCacheTtl</c>: the static prefix's cache lifetime, <c>1h</c> or <c>5m</c>.</summary>
    public string? PromptCacheTtl { get; init; }

    /// <summary><c>cleanupPeriodDays</c>: sessions untouched this long are deleted at start-up (default 30).</summary>
    public long? CleanupPeriodDays { get; init; }

    /// <summary><c>planModeApproval</c>: what ExitPlanMode does when nobody can review the plan.</summary>
    public string? PlanModeApproval { get; init; }

    /// <summary><c>apiKeyHelper</c>: a shell command printing the API key.</summary>
    public string? ApiKeyHelper { get; init; }

    /// <summary><c>statusLine</c>: <c>{"type": "command", "command": "...", "padding": 0}</c>.</summary>
    public StatusLineSetting? StatusLine { get; init; }

    /// <summary><c>disableAllHooks</c>.</summary>
    public bool? DisableAllHooks { get; init; }

    /// <summary><c>enableAllProjectMcpServers</c>: approve every server in the project's <c>.mcp.json</c>.</summary>
    public bool? EnableAllProjectMcpServers { get; init; }

    /// <summary><c>enabledMcpjsonServers</c>: project MCP servers approved by name.</summary>
    public IReadOnlyList<string>? EnabledMcpjsonServers { get; init; }

    /// <summary><c>disabledMcpjsonServers</c>: project MCP servers rejected by name.</summary>
    public IReadOnlyList<string>? DisabledMcpjsonServers { get; init; }

    /// <summary><c>mcpServers</c> (an object of server entries), parsed by the MCP configuration.</summary>
    public JsonElement? McpServers { get; init; }

    /// <summary><c>autoMemoryEnabled</c>: false turns memory (prompt section, recall, extraction, consolidation) off.</summary>
    public bool? AutoMemoryEnabled { get; init; }

    /// <summary><c>autoMemoryDirectory</c>: the project's memory folder (refused from a project's committed settings).</summary>
    public string? AutoMemoryDirectory { get; init; }

    /// <summary><c>hooks</c> (event → matchers → handlers), parsed by the hook configuration.</summary>
    public JsonElement? Hooks { get; init; }

    /// <summary><c>providers</c>: named model providers, parsed by the provider configuration (which reads them only from settings the user controls).</summary>
    public JsonElement? Providers { get; init; }

    /// <summary><c>provider</c>: the provider that unqualified model names go to.</summary>
    public string? Provider { get; init; }

    /// <summary><c>fallbackModels</c>: models tried in order when the current one stays overloaded or is unknown.</summary>
    public IReadOnlyList<string>? FallbackModels { get; init; }

    /// <summary><c>modelCapabilities</c>: rows added to the capability table, keyed by model id.</summary>
    public JsonElement? ModelCapabilities { get; init; }

    /// <summary><c>awsAuthRefresh</c>: a command run once when AWS credentials are missing or rejected (user-controlled settings only).</summary>
    public string? AwsAuthRefresh { get; init; }

    /// <summary><c>awsCredentialExport</c>: a command printing STS-style credentials JSON (user-controlled settings only).</summary>
    public string? AwsCredentialExport { get; init; }

    /// <summary><c>worktree.directory</c>: where <c>-w</c> and isolated agents put worktrees, relative to the repository root.</summary>
    public string? WorktreeDirectory { get; init; }
}
