using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Keel.Tools.Questions;

/// <summary>One choice of a question.</summary>
public sealed record OptionInput(
    [property: JsonPropertyName("label")]
    [property: Description("The choice as the user sees it: one to five words.")]
    string Label,
    [property: JsonPropertyName("description")]
    [property: Description("What choosing it means or implies.")]
    string Description);
