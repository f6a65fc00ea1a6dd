namespace Keel.Terminal.Dialogs;

/// <summary>One option; <see cref="TakesText"/> options open a text field ("tell the model what to do instead", "Other").</summary>
public sealed record ChoiceOption(string Label, string? Description = null, bool TakesText = false);
