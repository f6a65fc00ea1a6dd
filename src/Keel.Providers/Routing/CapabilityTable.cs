using Keel.Core.Cost;
using Keel.Core.Model;

namespace Keel.Providers.Routing;

/// <summary>
/// Fills the capabilities table (<see cref="ModelCatalog"/>) with the models of other providers: what they can
/// do (tools, parallel tools, thinking, images, caching), their context window, output limit and prices.
/// Settings win over the provider's defaults, which win over what is known of well-known model families.
/// </summary>
public static class CapabilityTable
{
    public static void Register(IEnumerable<ProviderDefinition> providers, ProviderSettings settings, IEnumerable<string> used, ProviderDefinition defaultProvider)
    {
        var byName = providers.ToDictionary(static p => p.Name, StringComparer.OrdinalIgnoreCase);
        var ids = new HashSet<string>(used, StringComparer.OrdinalIgnoreCase);
        // Every named provider's models, Anthropic-speaking ones included: their switches (caching off behind a
        // gateway, a smaller window) apply to them as to any other model.
        foreach (var provider in byName.Values)
        {
            foreach (var (_, id) in provider.Models)
            {
                ids.Add(provider.Name + "/" + id);
            }
        }

        foreach (var key in settings.ModelCapabilities.Keys)
        {
            ids.Add(key.Contains('/', StringComparison.Ordinal) || defaultProvider.SpeaksAnthropic ? key : defaultProvider.Name + "/" + key);
        }

        foreach (var id in ids)
        {
            var slash = id.IndexOf('/', StringComparison.Ordinal);
            var provider = slash > 0 && byName.TryGetValue(id[..slash], out var p) ? p : null;
            var baseInfo = ModelCatalog.Get(id);
            var info = provider is null || provider.SpeaksAnthropic ? baseInfo : Known(baseInfo, provider, id[(slash + 1)..]);
            if (provider is not null)
            {
                info = Apply(info, provider.Capabilities, provider.ContextWindow, provider.MaxOutputTokens, provider.Prices);
            }

            var entry = settings.ModelCapabilities.TryGetValue(id, out var e) ? e
                : slash > 0 && settings.ModelCapabilities.TryGetValue(id[(slash + 1)..], out e) ? e
                : null;
            if (entry is not null)
            {
                info = Apply(info, entry.Switches, entry.ContextWindow, entry.MaxOutputTokens, entry.Prices);
            }

            if (provider is not null || entry is not null)
            {
                ModelCatalog.Register(info);
            }
        }
    }

    /// <summary>One line per feature a model of the session lacks but the session asked for; shown once at start.</summary>
    public static IReadOnlyList<string> Notices(IEnumerable<string> models, ThinkingConfig? thinking)
    {
        var notices = new List<string>();
        foreach (var model in models)
        {
            var info = ModelCatalog.Get(model);
            if (thinking is not null && !info.SupportsThinking)
            {
                notices.Add($"{model} does not support thinking; it runs without (set modelCapabilities.\"{model}\".thinking to true if it does).");
            }

            if (!info.SupportsTools)
            {
                notices.Add($"{model} cannot call tools; it answers without them.");
            }

            if (!info.SupportsImages)
            {
                notices.Add($"{model} does not accept images; images are described to it in text.");
            }
        }

        return notices;
    }

    /// <summary>What is known of common model families served by OpenAI-compatible providers.</summary>
    private static ModelInfo Known(ModelInfo info, ProviderDefinition provider, string model)
    {
        var m = model.ToLowerInvariant();
        var reasoning = m.StartsWith("o1", StringComparison.Ordinal) || m.StartsWith("o3", StringComparison.Ordinal) || m.StartsWith("o4", StringComparison.Ordinal)
            || m.StartsWith("gpt-5", StringComparison.Ordinal) || m.Contains("reasoner", StringComparison.Ordinal) || m.Contains("qwq", StringComparison.Ordinal)
            || m.Contains("deepseek-r1", StringComparison.Ordinal) || m.Contains("qwen3", StringComparison.Ordinal) || m.Contains("gpt-oss", StringComparison.Ordinal);
        var vision = m.StartsWith("gpt-4o", StringComparison.Ordinal) || m.StartsWith("gpt-4.1", StringComparison.Ordinal) || m.StartsWith("gpt-5", StringComparison.Ordinal)
            || m.StartsWith("o3", StringComparison.Ordinal) || m.StartsWith("o4", StringComparison.Ordinal) || m.Contains("vision", StringComparison.Ordinal)
            || m.Contains("gemini", StringComparison.Ordinal) || m.Contains("llava", StringComparison.Ordinal) || m.Contains("-vl", StringComparison.Ordinal)
            || m.Contains("claude", StringComparison.Ordinal);
        var window = provider.IsLocal ? 32_768 : m.StartsWith("gpt-4.1", StringComparison.Ordinal) ? 1_000_000 : m.StartsWith("gpt-5", StringComparison.Ordinal) ? 400_000 : 128_000;
        return info with
        {
            DisplayName = provider.Name + "/" + model,
            Provider = provider.Name,
            ContextWindow = window,
            MaxOutputTokens = provider.IsLocal ? 8_192 : 16_384,
            SupportsThinking = reasoning,
            SupportsImages = vision,
            SupportsTools = true,
            SupportsParallelTools = true,
            SupportsPromptCaching = !provider.IsLocal,
            SupportsAdaptiveThinking = false,
        };
    }

    private static ModelInfo Apply(ModelInfo info, CapabilityOverrides switches, int? window, int? maxOutput, ModelPrices? prices)
    {
        info = info with
        {
            SupportsTools = switches.Tools ?? info.SupportsTools,
            SupportsParallelTools = switches.ParallelTools ?? info.SupportsParallelTools,
            SupportsThinking = switches.Thinking ?? info.SupportsThinking,
            SupportsImages = switches.Images ?? info.SupportsImages,
            SupportsPromptCaching = switches.Caching ?? info.SupportsPromptCaching,
            ContextWindow = window ?? info.ContextWindow,
            MaxOutputTokens = maxOutput ?? info.MaxOutputTokens,
        };
        return prices is null ? info : info with
        {
            InputPerMTok = prices.Input,
            OutputPerMTok = prices.Output,
            CacheReadPerMTok = prices.CacheRead,
            CacheWritePerMTok = prices.CacheWrite,
        };
    }
}
