using System.Text.Json.Serialization;

namespace Keel.Mcp.Auth;

[JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(McpStoredTokens))]
internal sealed partial class McpAuthJsonContext : JsonSerializerContext;
