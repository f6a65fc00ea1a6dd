namespace Keel.Core.Interaction;

public sealed record QuestionOption(string Label, string Description);
