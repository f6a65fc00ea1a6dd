using System.Text.Json.Serialization;

namespace Keel.Tools.ToolSearch;

/// <summary>Source-generated metadata for the ToolSearch input.</summary>
[JsonSerializable(typeof(ToolSearchInput))]
internal sealed partial class ToolSearchJsonContext : JsonSerializerContext;
