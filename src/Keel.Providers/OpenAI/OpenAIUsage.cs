using System.Text.Json;
using Keel.Core.Messages;

namespace Keel.Providers.OpenAI;

/// <summary>OpenAI usage objects as Keel usage: cached prompt tokens become cache reads, the rest plain input.</summary>
internal static class OpenAIUsage
{
    /// <summary>Chat Completions (<c>prompt_tokens</c>) and Responses (<c>input_tokens</c>) shapes alike.</summary>
    public static Usage? Read(JsonElement usage)
    {
        if (usage.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var input = Long(usage, "prompt_tokens") ?? Long(usage, "input_tokens") ?? 0;
        var output = Long(usage, "completion_tokens") ?? Long(usage, "output_tokens") ?? 0;
        long cached = 0;
        foreach (var details in new[] { "prompt_tokens_details", "input_tokens_details" })
        {
            if (usage.TryGetProperty(details, out var d) && d.ValueKind == JsonValueKind.Object)
            {
                cached = Long(d, "cached_tokens") ?? cached;
            }
        }

        // OpenRouter and some gateways report cache writes too.
        var written = usage.TryGetProperty("prompt_tokens_details", out var pd) && pd.ValueKind == JsonValueKind.Object ? Long(pd, "cache_write_tokens") ?? 0 : 0;
        return new Usage(Math.Max(0, input - cached - written), Math.Max(1, output), written, cached);
    }

    private static long? Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;
}
