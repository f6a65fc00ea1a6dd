using System.Text.Json.Serialization;

namespace Keel.Tools.Notebooks;

[JsonSerializable(typeof(NotebookEditInput))]
internal sealed partial class NotebookJsonContext : JsonSerializerContext;
