using Keel.Core.Markdown;

namespace Keel.Core.Commands;

/// <summary>
/// Finds custom command files: the project's <c>.keel/commands/</c> and <c>.claude/commands/</c>, then the
/// user's <c>~/.keel/commands/</c> and <c>~/.claude/commands/</c>. A subfolder namespaces a command
/// (<c>frontend/lint.md</c> is <c>/frontend:lint</c>). Registered in that order, so a project command
/// hides a user command of the same name and the registry lists the hidden one as a conflict.
/// </summary>
public static class CustomCommandLoader
{
    public static IReadOnlyList<MarkdownCommand> Load(string projectDirectory, string? home, ICollection<string>? warnings = null)
    {
        var commands = new List<MarkdownCommand>();
        foreach (var (directory, source) in Directories(projectDirectory, home))
        {
            foreach (var (name, path, folder) in MarkdownFiles.Find(directory))
            {
                try
                {
                    var file = FrontMatter.Parse(File.ReadAllText(path));
                    commands.Add(new MarkdownCommand(name, source, path, file, folder is null ? source : $"{source}:{folder}"));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    warnings?.Add($"could not read the command file {path}: {ex.Message}");
                }
            }
        }

        return commands;
    }

    /// <summary>The command directories in precedence order, with their /help source label.</summary>
    public static IEnumerable<(string Directory, string Source)> Directories(string projectDirectory, string? home)
    {
        yield return (Path.Combine(projectDirectory, ".keel", "commands"), "project");
        yield return (Path.Combine(projectDirectory, ".claude", "commands"), "project");
        if (!string.IsNullOrEmpty(home) && !PathsEqual(home, projectDirectory))
        {
            yield return (Path.Combine(home, ".keel", "commands"), "user");
            yield return (Path.Combine(home, ".claude", "commands"), "user");
        }
    }

    private static bool PathsEqual(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd('/'), Path.GetFullPath(b).TrimEnd('/'), StringComparison.Ordinal);
}
