using System.Text.Json.Serialization;

namespace Keel.Core;

/// <summary>Source-generated JSON metadata for Core's own simple types.</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSourceGenerationOptions(WriteIndented = false)]
internal sealed partial class CoreJsonContext : JsonSerializerContext;
