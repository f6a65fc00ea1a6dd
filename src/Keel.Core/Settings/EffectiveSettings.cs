namespace Keel.Core.Settings;

/// <summary>
/// The typed keys of every layer merged the way Claude Code merges them: a scalar comes from the
/// highest layer that sets it, lists are concatenated, <c>env</c> is merged per variable (the
/// highest layer's value wins). Layers with type errors in <c>permissions</c>/<c>sandbox</c> count
/// only for what narrows, so they contribute nothing here.
/// </summary>
public sealed record EffectiveSettings
{
    public static EffectiveSettings Empty { get; } = new();

    public string? Model { get; init; }

    /// <summary>Every layer's <c>env</c> merged.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary><c>env</c> from the layers the user controls (managed, --settings, user): what applies in an untrusted project.</summary>
    public IReadOnlyDictionary<string, string> UserEnv { get; init; } = new Dictionary<string, string>();

    public string? FallbackModel { get; init; }

    public string? EffortLevel { get; init; }

    public string? OutputStyle { get; init; }

    public string? SmallFastModel { get; init; }

    public long? WebSearchMaxPerSession { get; init; }

    /// <summary>Days after which an untouched session (transcript and folder, checkpoints included) is deleted.</summary>
    public long? CleanupPeriodDays { get; init; }

    public string? PlanModeApproval { get; init; }

    public string? ToolSearch { get; init; }

    public string? PromptCacheTtl { get; init; }

    /// <summary>Taken only from layers the user controls: a cloned repository must not run a command at start-up.</summary>
    public string? ApiKeyHelper { get; init; }

    public StatusLineSetting? StatusLine { get; init; }

    public bool DisableAllHooks { get; init; }

    public bool EnableAllProjectMcpServers { get; init; }

    public IReadOnlyList<string> EnabledMcpjsonServers { get; init; } = [];

    public IReadOnlyList<string> DisabledMcpjsonServers { get; init; } = [];

    /// <summary><c>autoMemoryEnabled</c> (default on). The memory folder is resolved by <see cref="Memory.MemoryLocation"/>, which refuses a committed <c>autoMemoryDirectory</c>.</summary>
    public bool AutoMemoryEnabled { get; init; } = true;

    /// <summary><c>provider</c>: where unqualified model names go (null: Anthropic, or the cloud switched on by the environment).</summary>
    public string? Provider { get; init; }

    /// <summary>The highest layer's <c>fallbackModels</c>, blanks left out.</summary>
    public IReadOnlyList<string> FallbackModels { get; init; } = [];

    /// <summary>Taken only from layers the user controls: a cloned repository must not run a command at start-up.</summary>
    public string? AwsAuthRefresh { get; init; }

    /// <summary>Taken only from layers the user controls, like <see cref="AwsAuthRefresh"/>.</summary>
    public string? AwsCredentialExport { get; init; }

    /// <summary>Where worktrees go, relative to the repository root (default <c>.keel/worktrees</c>).</summary>
    public string? WorktreeDirectory { get; init; }

    /// <summary>The highest layer's <c>mcpServers</c> object.</summary>
    public System.Text.Json.JsonElement? McpServers { get; init; }

    /// <summary>The <c>env</c> that applies: every layer's in a trusted project, else only the user's own layers.</summary>
    public IReadOnlyDictionary<string, string> EnvFor(bool projectTrusted) => projectTrusted ? Env : UserEnv;

    /// <summary>True for the layers a cloned repository controls (its shared and local settings).</summary>
    public static bool IsProjectLayer(SettingsLayer layer) => layer.Source is SettingsSources.Project or SettingsSources.Local;

    internal static EffectiveSettings Merge(IReadOnlyList<SettingsLayer> layers)
    {
        var usable = layers.Where(static l => !l.NarrowingOnly).ToList();
        T? First<T>(Func<SettingsFile, T?> pick) where T : class => usable.Select(l => pick(l.File)).FirstOrDefault(static v => v is not null);
        TV? FirstValue<TV>(Func<SettingsFile, TV?> pick) where TV : struct => usable.Select(l => pick(l.File)).FirstOrDefault(static v => v.HasValue);

        return new EffectiveSettings
        {
            Model = NonBlank(First(static f => f.Model)),
            Env = MergeEnv(usable),
            UserEnv = MergeEnv([.. usable.Where(static l => !IsProjectLayer(l))]),
            FallbackModel = NonBlank(First(static f => f.FallbackModel)),
            EffortLevel = NonBlank(First(static f => f.EffortLevel)),
            OutputStyle = NonBlank(First(static f => f.OutputStyle)),
            SmallFastModel = NonBlank(First(static f => f.SmallFastModel)),
            WebSearchMaxPerSession = FirstValue(static f => f.WebSearchMaxPerSession),
            CleanupPeriodDays = FirstValue(static f => f.CleanupPeriodDays),
            PlanModeApproval = NonBlank(First(static f => f.PlanModeApproval)),
            ToolSearch = NonBlank(First(static f => f.ToolSearch)),
            PromptCacheTtl = NonBlank(First(static f => f.PromptCacheTtl)),
            ApiKeyHelper = FromUserLayers(usable, static f => f.ApiKeyHelper),
            Provider = NonBlank(First(static f => f.Provider)),
            FallbackModels = [.. (First(static f => f.FallbackModels) ?? []).Select(NonBlank).OfType<string>()],
            AwsAuthRefresh = FromUserLayers(usable, static f => f.AwsAuthRefresh),
            AwsCredentialExport = FromUserLayers(usable, static f => f.AwsCredentialExport),
            WorktreeDirectory = NonBlank(First(static f => f.WorktreeDirectory)),
            StatusLine = First(static f => f.StatusLine),
            DisableAllHooks = FirstValue(static f => f.DisableAllHooks) ?? false,
            EnableAllProjectMcpServers = FirstValue(static f => f.EnableAllProjectMcpServers) ?? false,
            EnabledMcpjsonServers = [.. usable.SelectMany(static l => l.File.EnabledMcpjsonServers ?? [])],
            DisabledMcpjsonServers = [.. usable.SelectMany(static l => l.File.DisabledMcpjsonServers ?? [])],
            McpServers = FirstValue(static f => f.McpServers),
            AutoMemoryEnabled = FirstValue(static f => f.AutoMemoryEnabled) ?? true,
        };
    }

    /// <summary>True for the layers the user controls (managed, --settings, user), the only ones that may name commands to run.</summary>
    public static bool IsUserControlled(SettingsLayer layer) => layer.Source is SettingsSources.User or SettingsSources.Managed or SettingsSources.Flag;

    private static string? FromUserLayers(IEnumerable<SettingsLayer> layers, Func<SettingsFile, string?> pick) =>
        layers.Where(IsUserControlled).Select(l => NonBlank(pick(l.File))).FirstOrDefault(static v => v is not null);

    private static Dictionary<string, string> MergeEnv(IEnumerable<SettingsLayer> layers)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            foreach (var (name, value) in layer.File.Env ?? new Dictionary<string, string>())
            {
                env.TryAdd(name, value);
            }
        }

        return env;
    }

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
