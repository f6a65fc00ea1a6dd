using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;

namespace Keel.Testing.Invariants;

/// <summary>The parts of a request body the invariant checks compare.</summary>
internal sealed class ParsedRequest
{
    private ParsedRequest(RecordedRequest request, JsonNode root, JsonArray messages, string? systemRaw, string? toolsRaw)
    {
        Request = request;
        Root = root;
        Messages = messages;
        SystemRaw = systemRaw;
        ToolsRaw = toolsRaw;
        Canonical = new List<string>(messages.Count);
        foreach (var message in messages)
        {
            Canonical.Add(Canonicalize(message));
        }
    }

    public RecordedRequest Request { get; }

    public JsonNode Root { get; }

    public JsonArray Messages { get; }

    /// <summary>The exact bytes of <c>system</c> as sent, or null when absent.</summary>
    public string? SystemRaw { get; }

    public string? ToolsRaw { get; }

    /// <summary>Each message re-serialised without <c>cache_control</c> markers.</summary>
    public List<string> Canonical { get; }

    public string ConversationKey => Canonical.Count > 0 ? Canonical[0] : string.Empty;

    public static ParsedRequest? TryParse(RecordedRequest request, out string? error)
    {
        error = null;
        try
        {
            using var document = request.ParseDocument();
            var body = document.RootElement;
            if (body.ValueKind != JsonValueKind.Object)
            {
                error = "body is not a JSON object";
                return null;
            }

            var system = body.TryGetProperty("system", out var s) ? s.GetRawText() : null;
            var tools = body.TryGetProperty("tools", out var t) ? t.GetRawText() : null;
            if (request.Json?["messages"] is not JsonArray messages)
            {
                error = "body has no messages array";
                return null;
            }

            return new ParsedRequest(request, request.Json, messages, system, tools);
        }
        catch (JsonException e)
        {
            error = "body is not valid JSON: " + e.Message;
            return null;
        }
    }

    public static string? Role(JsonNode? message) => Str(message?["role"]);

    public static IEnumerable<JsonObject> Blocks(JsonNode? message)
    {
        if (message?["content"] is JsonArray content)
        {
            foreach (var block in content)
            {
                if (block is JsonObject obj)
                {
                    yield return obj;
                }
            }
        }
    }

    public static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    internal static string Canonicalize(JsonNode? message)
    {
        if (message is null)
        {
            return "null";
        }

        var copy = message.DeepClone();
        StripCacheControl(copy);
        return copy.ToJsonString();
    }

    private static void StripCacheControl(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                obj.Remove("cache_control");
                foreach (var (_, child) in obj)
                {
                    StripCacheControl(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    StripCacheControl(child);
                }

                break;
        }
    }
}
