using System.Text.Json;

namespace Keel.Providers.Routing;

/// <summary>One row users add to the capabilities table (<c>modelCapabilities: {"ollama/qwen3": {...}}</c>).</summary>
public sealed record ModelCapabilityEntry(CapabilityOverrides Switches, int? ContextWindow, int? MaxOutputTokens, ModelPrices? Prices)
{
    public static ModelCapabilityEntry Parse(JsonElement value) => new(
        new CapabilityOverrides(
            Bool(value, "tools"),
            Bool(value, "parallelTools"),
            Bool(value, "thinking"),
            Bool(value, "images"),
            Bool(value, "caching")),
        ProviderSettings.Int(value, "contextWindow"),
        ProviderSettings.Int(value, "maxOutputTokens"),
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty("prices", out var prices) ? ParsePrices(prices) : null);

    public static ModelPrices? ParsePrices(JsonElement prices)
    {
        if (prices.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var input = ProviderSettings.Dec(prices, "input") ?? 0;
        return new ModelPrices(
            input,
            ProviderSettings.Dec(prices, "output") ?? 0,
            ProviderSettings.Dec(prices, "cacheRead") ?? input * 0.1m,
            ProviderSettings.Dec(prices, "cacheWrite") ?? input * 1.25m);
    }

    private static bool? Bool(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null;
}
