using System.Text.Json.Serialization;
using Keel.Tools.Search;

namespace Keel.Tools.Files;

/// <summary>Source-generated metadata for the file and search tools' inputs.</summary>
[JsonSerializable(typeof(ReadInput))]
[JsonSerializable(typeof(WriteInput))]
[JsonSerializable(typeof(EditInput))]
[JsonSerializable(typeof(GlobInput))]
[JsonSerializable(typeof(GrepInput))]
internal sealed partial class FileToolsJsonContext : JsonSerializerContext;
