namespace Keel.Terminal.Rendering.Diff;

/// <summary>One line of a computed diff; <see cref="Number"/> is the old line for deletions and the new line otherwise. Zero marks a hunk gap.</summary>
public sealed record DiffLine(DiffLineKind Kind, int Number, string Text);
