using Keel.Core.Markdown;

namespace Keel.Core.OutputStyles;

/// <summary>
/// The built-in styles plus Markdown styles from <c>.keel/output-styles/</c>, <c>.claude/output-styles/</c>,
/// <c>~/.keel/output-styles/</c> and <c>~/.claude/output-styles/</c> (project first; a same-named later one
/// is ignored). A file's style is named by its <c>name</c> front matter, or else the file name.
/// </summary>
public static class OutputStyleCatalog
{
    public static IReadOnlyList<OutputStyle> Load(string projectDirectory, string? home, ICollection<string>? warnings = null)
    {
        var styles = new List<OutputStyle>(BuiltInOutputStyles.All);
        foreach (var (directory, source) in Directories(projectDirectory, home))
        {
            foreach (var (fileName, path, _) in MarkdownFiles.Find(directory))
            {
                try
                {
                    var file = FrontMatter.Parse(File.ReadAllText(path));
                    var name = file.Get("name") ?? fileName;
                    if (styles.Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)))
                    {
                        warnings?.Add($"the output style {name} in {path} is hidden by another style of the same name");
                        continue;
                    }

                    styles.Add(new OutputStyle(name, file.Get("description") ?? "(no description)", file.Body.Trim(), file.GetBool("keep-coding-instructions") ?? false, source, path));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    warnings?.Add($"could not read the output style {path}: {ex.Message}");
                }
            }
        }

        return styles;
    }

    /// <summary>The style named <paramref name="name"/> (case-insensitive); null when there is none.</summary>
    public static OutputStyle? Find(IReadOnlyList<OutputStyle> styles, string name) =>
        styles.FirstOrDefault(s => string.Equals(s.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The system prompt section for a style; null for a style with no instructions (the default).</summary>
    public static string? PromptSection(OutputStyle style)
    {
        if (string.IsNullOrWhiteSpace(style.Instructions))
        {
            return null;
        }

        var precedence = style.KeepCodingInstructions
            ? "Apply it on top of the guidance above."
            : "Where it disagrees with the guidance above on how to work or answer, follow the style.";
        return $"# Output style: {style.Name}\nThe developer chose this output style. {precedence}\n\n{style.Instructions.Trim()}\n";
    }

    private static IEnumerable<(string Directory, string Source)> Directories(string projectDirectory, string? home)
    {
        yield return (Path.Combine(projectDirectory, ".keel", "output-styles"), "project");
        yield return (Path.Combine(projectDirectory, ".claude", "output-styles"), "project");
        if (!string.IsNullOrEmpty(home))
        {
            yield return (Path.Combine(home, ".keel", "output-styles"), "user");
            yield return (Path.Combine(home, ".claude", "output-styles"), "user");
        }
    }
}
