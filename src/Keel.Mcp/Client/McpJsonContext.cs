using System.Text.Json.Serialization;

namespace Keel.Mcp.Client;

[JsonSerializable(typeof(PromptToolRequest))]
internal sealed partial class McpJsonContext : JsonSerializerContext;
