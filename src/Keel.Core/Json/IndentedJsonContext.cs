using System.Text.Json;
using System.Text.Json.Serialization;

namespace Keel.Core;

/// <summary>Indented output for files people read (pregenerated schemas).</summary>
[JsonSerializable(typeof(JsonElement))]
[JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class IndentedJsonContext : JsonSerializerContext;
