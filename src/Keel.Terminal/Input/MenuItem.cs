namespace Keel.Terminal.Input;

/// <summary>One line of the live menu: what accepting it puts in the input, how it is shown, and whether it opens further (a directory).</summary>
public sealed record MenuItem(string Insert, string Label, string? Description = null, bool Expands = false);
