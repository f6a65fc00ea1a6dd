namespace Keel.Terminal.Dialogs;

/// <summary>What was picked: option indexes (several for multi-select) and any text typed for a free-text option.</summary>
public sealed record ChoiceResult(IReadOnlyList<int> Selected, string? Text);
