using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Mcp.Client;

/// <summary>The arguments a permission prompt tool receives.</summary>
public sealed record PromptToolRequest(
    [property: JsonPropertyName("tool_name")] string ToolName,
    [property: JsonPropertyName("input")] JsonElement Input);
