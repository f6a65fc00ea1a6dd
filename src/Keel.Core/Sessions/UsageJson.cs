using System.Text.Json;
using Keel.Core.Messages;

namespace Keel.Core.Sessions;

/// <summary>Usage in the API's field names, shared by the transcript and headless output.</summary>
public static class UsageJson
{
    public static void Write(Utf8JsonWriter writer, string propertyName, Usage usage)
    {
        writer.WritePropertyName(propertyName);
        writer.WriteStartObject();
        writer.WriteNumber("input_tokens", usage.InputTokens);
        writer.WriteNumber("cache_creation_input_tokens", usage.CacheCreationInputTokens);
        writer.WriteNumber("cache_read_input_tokens", usage.CacheReadInputTokens);
        writer.WriteNumber("output_tokens", usage.OutputTokens);
        if (usage.CacheCreation1hInputTokens > 0)
        {
            writer.WritePropertyName("cache_creation");
            writer.WriteStartObject();
            writer.WriteNumber("ephemeral_5m_input_tokens", usage.CacheCreationInputTokens - usage.CacheCreation1hInputTokens);
            writer.WriteNumber("ephemeral_1h_input_tokens", usage.CacheCreation1hInputTokens);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    public static Usage Read(JsonElement element) => new(
        Get(element, "input_tokens"),
        Get(element, "output_tokens"),
        Get(element, "cache_creation_input_tokens"),
        Get(element, "cache_read_input_tokens"))
    {
        CacheCreation1hInputTokens = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("cache_creation", out var creation) ? Get(creation, "ephemeral_1h_input_tokens") : 0,
    };

    private static long Get(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.TryGetInt64(out var n) ? n : 0;
}
