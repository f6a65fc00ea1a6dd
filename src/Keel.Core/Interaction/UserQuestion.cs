namespace Keel.Core.Interaction;

/// <summary>One multiple-choice question; the user may also type an answer of their own.</summary>
public sealed record UserQuestion(string Question, string Header, IReadOnlyList<QuestionOption> Options, bool MultiSelect);
