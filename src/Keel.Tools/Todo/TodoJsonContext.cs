using System.Text.Json.Serialization;

namespace Keel.Tools.Todo;

/// <summary>Source-generated metadata for the TodoWrite input.</summary>
[JsonSerializable(typeof(TodoWriteInput))]
internal sealed partial class TodoJsonContext : JsonSerializerContext;
