using System.Globalization;

namespace Keel.Core.Prompts;

/// <summary>
/// Finds instruction files. User level: <c>~/.claude/CLAUDE.md</c>, then <c>CLAUDE.md</c>, <c>AGENTS.md</c>
/// and <c>KEEL.md</c> in Keel's config directory, and the rules in <c>~/.claude/rules</c> and the config
/// directory's <c>rules</c>. Then every directory from the file-system root down to the working directory:
/// <c>AGENTS.md</c>, <c>CLAUDE.md</c>, <c>KEEL.md</c>, <c>.claude/CLAUDE.md</c>, their <c>.local.md</c>
/// variants, and the rules in <c>.claude/rules/*.md</c> and <c>.keel/rules/*.md</c>. A rule whose front
/// matter has <c>paths:</c> globs is not loaded here: it waits until a tool works on a matching file (see
/// <see cref="NestedInstructions"/>). Each file's <c>@path</c> imports follow it (depth at most
/// <see cref="MaxImportDepth"/>, each file at most once), and the total is bounded by <see cref="MaxTotalChars"/>.
/// </summary>
public static class InstructionFiles
{
    public const int MaxImportDepth = 5;
    public const int MaxTotalChars = 60_000;

    /// <summary>The instruction file names looked for in each directory, in load order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["AGENTS.md", "CLAUDE.md", "KEEL.md", ".claude/CLAUDE.md", "AGENTS.local.md", "CLAUDE.local.md", "KEEL.local.md"];

    private static readonly string[] RuleDirectories = [".claude/rules", ".keel/rules"];

    public static IReadOnlyList<InstructionFile> Find(string configDirectory, string workingDirectory, string? repositoryRoot, string? homeDirectory = null) =>
        Discover(configDirectory, workingDirectory, homeDirectory).Files;

    /// <summary>The files loaded at the start of a session, and the rules that wait for a matching path.</summary>
    public static InstructionSet Discover(string configDirectory, string workingDirectory, string? homeDirectory = null)
    {
        var loader = new Loader(homeDirectory);
        var rules = new List<InstructionRule>();
        if (homeDirectory is not null)
        {
            loader.Load(Path.Combine(homeDirectory, ".claude", "CLAUDE.md"), depth: 0);
        }

        foreach (var name in (string[])["CLAUDE.md", "AGENTS.md", "KEEL.md"])
        {
            loader.Load(Path.Combine(configDirectory, name), depth: 0);
        }

        if (homeDirectory is not null)
        {
            LoadRules(loader, Path.Combine(homeDirectory, ".claude", "rules"), workingDirectory, rules);
        }

        LoadRules(loader, Path.Combine(configDirectory, "rules"), workingDirectory, rules);
        foreach (var directory in DirectoriesFromRoot(workingDirectory))
        {
            foreach (var name in Names)
            {
                loader.Load(Path.Combine(directory, name), depth: 0);
            }

            foreach (var rulesDirectory in RuleDirectories)
            {
                LoadRules(loader, Path.Combine(directory, rulesDirectory), directory, rules);
            }
        }

        return new InstructionSet(loader.Found, rules);
    }

    /// <summary>Loads one file and its imports into a fresh budget (a nested file found later in the session).</summary>
    internal static IReadOnlyList<InstructionFile> LoadOne(string path, string? homeDirectory, ISet<string> alreadyLoaded)
    {
        var loader = new Loader(homeDirectory, alreadyLoaded);
        loader.Load(path, depth: 0);
        return loader.Found;
    }

    /// <summary>
    /// Rules of one folder (sorted by name): those without <c>paths:</c> load now; the others wait.
    /// <paramref name="baseDirectory"/> anchors their globs (the directory holding <c>.claude</c>, or the working directory for user rules).
    /// </summary>
    private static void LoadRules(Loader loader, string folder, string baseDirectory, List<InstructionRule> conditional)
    {
        if (!Directory.Exists(folder))
        {
            return;
        }

        List<string> files;
        try
        {
            files = [.. Directory.EnumerateFiles(folder, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return;
        }

        foreach (var file in files)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            var front = Markdown.FrontMatter.Parse(text);
            var globs = front.GetList("paths");
            if (globs.Count == 0)
            {
                globs = front.GetList("globs");
            }

            if (globs.Count == 0)
            {
                loader.Load(file, depth: 0);
            }
            else if (!string.IsNullOrWhiteSpace(front.Body) && !conditional.Exists(r => r.Path == file))
            {
                conditional.Add(new InstructionRule(file, front.Body, globs, baseDirectory));
            }
        }
    }

    /// <summary>The nearest directory at or above <paramref name="start"/> holding <c>.git</c>, or null.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, ".git")) || File.Exists(Path.Combine(dir.FullName, ".git")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    /// <summary>Every directory from the file-system root down to <paramref name="workingDirectory"/>.</summary>
    private static List<string> DirectoriesFromRoot(string workingDirectory)
    {
        var chain = new List<string>();
        for (var dir = new DirectoryInfo(workingDirectory); dir is not null; dir = dir.Parent)
        {
            chain.Add(dir.FullName);
        }

        chain.Reverse();
        return chain;
    }

    private sealed class Loader(string? homeDirectory, ISet<string>? seen = null)
    {
        private readonly ISet<string> _seen = seen ?? new HashSet<string>(StringComparer.Ordinal);
        private int _remaining = MaxTotalChars;

        public List<InstructionFile> Found { get; } = [];

        /// <summary>Adds the file, then its imports; returns false when the file could not be read.</summary>
        public bool Load(string path, int depth)
        {
            if (_remaining <= 0 || !_seen.Add(path))
            {
                // Already included (a cycle or a shared import), or the budget is spent.
                return true;
            }

            string text;
            try
            {
                if (!File.Exists(path))
                {
                    return false;
                }

                text = File.ReadAllText(path);
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }

            if (text.Contains('\0', StringComparison.Ordinal))
            {
                return false; // a binary file is no instruction
            }

            var imports = InstructionImports.Scan(text);
            var resolved = new List<string>(imports.Count);
            var missing = new List<(int, int, string)>();
            foreach (var import in imports)
            {
                var target = InstructionImports.Resolve(import.Path, path, homeDirectory);
                if (File.Exists(target))
                {
                    resolved.Add(target);
                }
                else
                {
                    missing.Add(import);
                }
            }

            text = InstructionImports.AnnotateMissing(text, missing);
            if (!string.IsNullOrWhiteSpace(text))
            {
                Add(path, text);
            }

            if (depth < MaxImportDepth)
            {
                foreach (var target in resolved)
                {
                    Load(target, depth + 1);
                }
            }

            return true;
        }

        private void Add(string path, string text)
        {
            if (text.Length > _remaining)
            {
                text = string.Concat(
                    text.AsSpan(0, _remaining),
                    string.Create(CultureInfo.InvariantCulture, $"\n\n(Instruction files were truncated here: they exceed {MaxTotalChars:N0} characters in total; later files and imports were left out.)"));
                _remaining = 0;
            }
            else
            {
                _remaining -= text.Length;
            }

            Found.Add(new InstructionFile(path, text));
        }
    }
}
