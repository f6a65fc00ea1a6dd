using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Commands;

/// <summary>Plain text out of recorded requests: the system prompt and the first user message.</summary>
internal static class RequestText
{
    public static string System(RecordedRequest request) => request.System switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray blocks => string.Join("\n", blocks.Select(b => (string?)b!["text"])),
        _ => string.Empty,
    };

    public static string FirstUser(RecordedRequest request) => Content(request.Messages![0]!["content"]);

    public static string Content(JsonNode? content) => content switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray blocks => string.Join("\n", blocks.Select(b => (string?)b!["text"] ?? Content(b!["content"]))),
        _ => string.Empty,
    };
}
