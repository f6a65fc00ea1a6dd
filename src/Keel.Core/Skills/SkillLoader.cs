using Keel.Core.Markdown;

namespace Keel.Core.Skills;

/// <summary>
/// Finds <c>SKILL.md</c> folders in <c>~/.keel/skills/</c>, <c>~/.claude/skills/</c>, <c>.keel/skills/</c>
/// and <c>.claude/skills/</c>, in that order: as in Claude Code, a personal skill wins over a project
/// skill of the same name. A skill nested one folder deeper is named <c>dir:name</c>.
/// </summary>
public static class SkillLoader
{
    private const int MaxDepth = 3;

    public static IReadOnlyList<SkillDefinition> Load(string projectDirectory, string? home, string? keelConfigDirectory, ICollection<string>? warnings = null)
    {
        var skills = new List<SkillDefinition>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (directory, source) in Directories(projectDirectory, home, keelConfigDirectory))
        {
            foreach (var (name, path) in Find(directory))
            {
                if (!seen.Add(name))
                {
                    warnings?.Add($"the skill {name} in {path} is hidden by another skill of the same name");
                    continue;
                }

                try
                {
                    skills.Add(new SkillDefinition(name, source, path, FrontMatter.Parse(File.ReadAllText(path))));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    warnings?.Add($"could not read the skill {path}: {ex.Message}");
                }
            }
        }

        return skills;
    }

    /// <summary>
    /// <paramref name="files"/> followed by the bundled skills that no file replaces: a skill of the same name
    /// (already in <paramref name="files"/>) or a command file of the same name in the project or the user's folders.
    /// </summary>
    public static IReadOnlyList<SkillDefinition> WithBundled(IReadOnlyList<SkillDefinition> files, string projectDirectory, string? home)
    {
        var taken = new HashSet<string>(files.Select(static s => s.Name), StringComparer.OrdinalIgnoreCase);
        var commandDirectories = Commands.CustomCommandLoader.Directories(projectDirectory, home).Select(static d => d.Directory).ToList();
        var all = new List<SkillDefinition>(files);
        foreach (var skill in BundledSkills.Load())
        {
            if (!taken.Contains(skill.Name) && !commandDirectories.Any(d => File.Exists(Path.Combine(d, skill.Name + ".md"))))
            {
                all.Add(skill);
            }
        }

        return all;
    }

    public static IEnumerable<(string Directory, string Source)> Directories(string projectDirectory, string? home, string? keelConfigDirectory)
    {
        var project = Path.GetFullPath(projectDirectory).TrimEnd('/');
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var candidates = new List<(string, string)>();
        if (keelConfigDirectory is not null)
        {
            candidates.Add((Path.Combine(keelConfigDirectory, "skills"), "user"));
        }

        if (!string.IsNullOrEmpty(home))
        {
            candidates.Add((Path.Combine(home, ".keel", "skills"), "user"));
            candidates.Add((Path.Combine(home, ".claude", "skills"), "user"));
        }

        candidates.Add((Path.Combine(project, ".keel", "skills"), "project"));
        candidates.Add((Path.Combine(project, ".claude", "skills"), "project"));
        foreach (var (dir, source) in candidates)
        {
            var full = Path.GetFullPath(dir);
            if (seen.Add(full))
            {
                yield return (full, source);
            }
        }
    }

    private static List<(string Name, string Path)> Find(string root)
    {
        var found = new List<(string, string)>();
        if (Directory.Exists(root))
        {
            Walk(root, root, 0, found);
        }

        found.Sort(static (a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        return found;
    }

    private static void Walk(string root, string directory, int depth, List<(string, string)> found)
    {
        List<string> folders;
        try
        {
            folders = [.. Directory.EnumerateDirectories(directory)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var folder in folders)
        {
            if (Path.GetFileName(folder).StartsWith('.'))
            {
                continue;
            }

            var skillFile = Path.Combine(folder, "SKILL.md");
            if (File.Exists(skillFile))
            {
                found.Add((Path.GetRelativePath(root, folder).Replace(Path.DirectorySeparatorChar, ':'), skillFile));
            }
            else if (depth + 1 < MaxDepth)
            {
                Walk(root, folder, depth + 1, found);
            }
        }
    }
}
