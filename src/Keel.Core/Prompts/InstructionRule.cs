namespace Keel.Core.Prompts;

/// <summary>A rule file (<c>.claude/rules/*.md</c>, <c>.keel/rules/*.md</c>) that applies only to files matching its <c>paths:</c> globs.</summary>
/// <param name="Path">The rule file.</param>
/// <param name="Content">Its text without the front matter.</param>
/// <param name="Globs">The globs, gitignore style, relative to <paramref name="BaseDirectory"/>.</param>
/// <param name="BaseDirectory">The directory the globs are anchored to (the one holding <c>.claude</c> or <c>.keel</c>).</param>
public sealed record InstructionRule(string Path, string Content, IReadOnlyList<string> Globs, string BaseDirectory);
