namespace Keel.Core.Markdown;

/// <summary>One front matter value: its text, and its items when it was written as a list.</summary>
public sealed record FrontMatterValue(string Text, IReadOnlyList<string>? Items = null);
