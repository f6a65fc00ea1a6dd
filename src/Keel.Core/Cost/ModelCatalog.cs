namespace Keel.Core.Cost;

/// <summary>
/// The one table of models Keel knows: aliases, context windows, output limits and prices.
/// Unknown model ids still work; they get conservative limits and the default model's prices.
/// </summary>
public static class ModelCatalog
{
    public const string DefaultAlias = "sonnet";

    // Prices in USD per million tokens; cache writes are the 5-minute tier (1.25x input), reads 0.1x.
    private static readonly ModelInfo[] Models =
    [
        new("claude-opus-5-5", "Opus 5.5", 1_000_000, 128_000, 4m, 20m, 5m, 0.40m) { SupportsAdaptiveThinking = true },
        new("claude-sonnet-5-5", "Sonnet 5.5", 1_000_000, 128_000, 2m, 10m, 2.50m, 0.20m) { SupportsAdaptiveThinking = true },
        new("claude-haiku-5-5", "Haiku 5.5", 1_000_000, 128_000, 0.10m, 0.50m, 0.125m, 0.01m) { SupportsAdaptiveThinking = true },
        new("claude-opus-5", "Opus 5", 1_000_000, 128_000, 5m, 25m, 6.25m, 0.50m) { SupportsAdaptiveThinking = true },
        new("claude-sonnet-4-6", "Sonnet 4.6", 200_000, 64_000, 3m, 15m, 3.75m, 0.30m) { SupportsAdaptiveThinking = true },
        new("claude-opus-4-5", "Opus 4.5", 200_000, 64_000, 5m, 25m, 6.25m, 0.50m),
        new("claude-sonnet-4-5", "Sonnet 4.5", 200_000, 64_000, 3m, 15m, 3.75m, 0.30m),
        new("claude-haiku-4-5", "Haiku 4.5", 200_000, 64_000, 1m, 5m, 1.25m, 0.10m),
    ];

    /// <summary>Short names and the model each stands for.</summary>
    internal static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["opus"] = "claude-opus-5-5",
        ["sonnet"] = "claude-sonnet-5-5",
        ["haiku"] = "claude-haiku-5-5",
        ["default"] = "claude-sonnet-5-5",
    };

    /// <summary>The short names that stand for <paramref name="modelId"/> (<c>sonnet</c>), for pickers.</summary>
    public static IEnumerable<string> AliasesOf(string modelId) =>
        Aliases.Where(a => a.Key != "default" && string.Equals(a.Value, modelId, StringComparison.OrdinalIgnoreCase)).Select(static a => a.Key).Order(StringComparer.Ordinal);

    private static readonly Lock Gate = new();
    private static Dictionary<string, ModelInfo> s_configured = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Adds or replaces a row of the table for this process: a provider's model from settings or a
    /// <c>modelCapabilities</c> entry (keyed <c>provider/model</c> for other providers).
    /// </summary>
    public static void Register(ModelInfo info)
    {
        lock (Gate)
        {
            var copy = new Dictionary<string, ModelInfo>(s_configured, StringComparer.OrdinalIgnoreCase) { [info.Id] = info with { IsConfigured = true } };
            s_configured = copy;
        }
    }

    private static Dictionary<string, ModelInfo> s_adjusted = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Changes a row for the rest of this process without making it a configured model: a feature the server
    /// refused is turned off. A row nobody listed stays out of <see cref="All"/> (and so out of /model).
    /// </summary>
    public static void Adjust(ModelInfo info)
    {
        lock (Gate)
        {
            s_adjusted = new Dictionary<string, ModelInfo>(s_adjusted, StringComparer.OrdinalIgnoreCase) { [info.Id] = info };
        }
    }

    /// <summary>Every row: the built-in Claude models, then the configured ones, each as adjusted at run time.</summary>
    public static IReadOnlyList<ModelInfo> All
    {
        get
        {
            var adjusted = Volatile.Read(ref s_adjusted);
            ModelInfo Current(ModelInfo row) => adjusted.TryGetValue(row.Id, out var changed) ? changed with { IsConfigured = row.IsConfigured } : row;
            return [.. Models.Select(Current), .. Volatile.Read(ref s_configured).Values.Select(Current)];
        }
    }

    /// <summary>Turns an alias (<c>sonnet</c>) into a model id; other names pass through unchanged.</summary>
    public static string Resolve(string? nameOrAlias)
    {
        var name = string.IsNullOrWhiteSpace(nameOrAlias) ? DefaultAlias : nameOrAlias.Trim();
        return Aliases.TryGetValue(name, out var id) ? id : name;
    }

    /// <summary>
    /// The context window to plan for: <c>KEEL_CONTEXT_WINDOW</c> when set to a positive number
    /// (tests set it small to reach compaction quickly), else the model's own window.
    /// </summary>
    public static int ContextWindowFor(string modelId, Func<string, string?> getEnv) =>
        int.TryParse(getEnv("KEEL_CONTEXT_WINDOW"), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var window) && window > 0
            ? window
            : Get(modelId).ContextWindow;

    /// <summary>The model's entry; dated ids (<c>claude-sonnet-4-5-20250929</c>) match their family.</summary>
    public static ModelInfo Get(string modelId)
    {
        if (Volatile.Read(ref s_adjusted).TryGetValue(modelId, out var changed))
        {
            return changed;
        }

        var configured = Volatile.Read(ref s_configured);
        if (configured.TryGetValue(modelId, out var exact))
        {
            return exact;
        }

        foreach (var model in configured.Values)
        {
            if (IsFamily(modelId, model.Id))
            {
                return model with { Id = modelId };
            }
        }

        // provider/model: a Claude model on another provider (bedrock/claude-sonnet-5-5) keeps its row; any
        // other model nobody configured gets modest limits, no prices and only tool calling.
        var slash = modelId.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            var rest = modelId[(slash + 1)..];
            var provider = modelId[..slash];
            var claude = Array.Find(Models, m => IsFamily(rest, m.Id) || rest.Contains("anthropic." + m.Id, StringComparison.OrdinalIgnoreCase));
            return claude is not null
                ? claude with { Id = modelId, Provider = provider }
                : new ModelInfo(modelId, rest, 128_000, 8_192, 0m, 0m, 0m, 0m)
                {
                    Provider = provider,
                    SupportsThinking = false,
                    SupportsImages = false,
                    SupportsPromptCaching = false,
                };
        }

        foreach (var model in Models)
        {
            if (IsFamily(modelId, model.Id))
            {
                return model;
            }
        }

        var fallback = Models[1];
        return fallback with { Id = modelId, DisplayName = modelId, ContextWindow = 200_000, MaxOutputTokens = 32_000, SupportsAdaptiveThinking = false };
    }

    /// <summary>The id itself, or a dated or suffixed variant of it (<c>claude-sonnet-4-5-20250929</c>, <c>…[1m]</c>).</summary>
    private static bool IsFamily(string modelId, string familyId) =>
        modelId.StartsWith(familyId, StringComparison.OrdinalIgnoreCase)
        && (modelId.Length == familyId.Length || modelId[familyId.Length] is '-' or '[' or '@' or ':');
}
