using System.Text.Json;

namespace Keel.Core.Model;

/// <summary>A tool as offered to the model: name, description and JSON Schema of its input.</summary>
public sealed record ToolDefinition(string Name, string Description, JsonElement InputSchema);
