using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Keel.Tools.Questions;

/// <summary>Input of AskUserQuestion.</summary>
public sealed record AskUserQuestionInput(
    [property: JsonPropertyName("questions")]
    [property: Description("One to four questions to ask the user.")]
    IReadOnlyList<QuestionInput> Questions);
