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

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["opus"] = "claude-opus-5-5",
        ["sonnet"] = "claude-sonnet-5-5",
        ["haiku"] = "claude-haiku-5-5",
        ["default"] = "claude-sonnet-5-5",
    };

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
        foreach (var model in Models)
        {
            if (modelId.StartsWith(model.Id, StringComparison.OrdinalIgnoreCase)
                && (modelId.Length == model.Id.Length || modelId[model.Id.Length] is '-' or '['))
            {
                return model;
            }
        }

        var fallback = Models[1];
        return fallback with { Id = modelId, DisplayName = modelId, ContextWindow = 200_000, MaxOutputTokens = 32_000, SupportsAdaptiveThinking = false };
    }
}
