namespace Keel.Terminal.Input;

/// <summary>The result of Tab: the editor text to use (null = unchanged) and the candidates to show.</summary>
public sealed record Completion(string? NewText, IReadOnlyList<string> Candidates);
