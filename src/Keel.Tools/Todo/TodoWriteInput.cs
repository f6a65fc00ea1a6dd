using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Keel.Tools.Todo;

/// <summary>Input of the TodoWrite tool: the whole list, replacing the previous one.</summary>
public sealed record TodoWriteInput(
    [property: JsonPropertyName("todos")]
    [property: Description("The complete, updated task list. It replaces the previous list, so include every item you want to keep.")]
    IReadOnlyList<TodoWriteItem> Todos);
