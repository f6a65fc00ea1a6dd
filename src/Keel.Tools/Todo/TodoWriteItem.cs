using System.ComponentModel;
using System.Text.Json.Serialization;
using Keel.Core.Todo;

namespace Keel.Tools.Todo;

/// <summary>One task as the model writes it.</summary>
public sealed record TodoWriteItem(
    [property: JsonPropertyName("content")]
    [property: Description("The task in the imperative, e.g. \"Run the test suite\".")]
    string Content,
    [property: JsonPropertyName("status")]
    [property: Description("pending, in_progress (at most one task at a time) or completed.")]
    TodoStatus Status,
    [property: JsonPropertyName("activeForm")]
    [property: Description("The task in the present continuous, shown while it runs, e.g. \"Running the test suite\".")]
    string ActiveForm);
