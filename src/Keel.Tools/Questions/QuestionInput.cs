using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Keel.Tools.Questions;

/// <summary>One question of AskUserQuestion.</summary>
public sealed record QuestionInput(
    [property: JsonPropertyName("question")]
    [property: Description("The full question, ending with a question mark.")]
    string Question,
    [property: JsonPropertyName("header")]
    [property: Description("A very short label for the question (at most 12 characters), e.g. \"Database\".")]
    string Header,
    [property: JsonPropertyName("options")]
    [property: Description("Two to four distinct choices. The user can always type another answer, so do not add an \"Other\" option.")]
    IReadOnlyList<OptionInput> Options,
    [property: JsonPropertyName("multiSelect")]
    [property: Description("True when the user may pick more than one option.")]
    bool MultiSelect = false);
