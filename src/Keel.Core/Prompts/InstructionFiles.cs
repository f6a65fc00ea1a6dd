using System.Globalization;

namespace Keel.Core.Prompts;

/// <summary>
/// Finds instruction files: the user's <c>KEEL.md</c> (in the config directory), then from the
/// repository root down to the working directory <c>AGENTS.md</c>, <c>CLAUDE.md</c>, <c>KEEL.md</c>,
/// <c>.claude/CLAUDE.md</c>, then their <c>.local.md</c> variants. Each file's <c>@path</c> imports
/// follow it (depth at most <see cref="MaxImportDepth"/>, each file at most once), and the total
/// is bounded by <see cref="MaxTotalChars"/>.
/// </summary>
public static class InstructionFiles
{
    public const int MaxImportDepth = 5;
    public const int MaxTotalChars = 60_000;

    private static readonly string[] Names = ["AGENTS.md", "CLAUDE.md", "KEEL.md", ".claude/CLAUDE.md", "AGENTS.local.md", "CLAUDE.local.md", "KEEL.local.md"];

    public static IReadOnlyList<InstructionFile> Find(string configDirectory, string workingDirectory, string? repositoryRoot, string? homeDirectory = null)
    {
        var loader = new Loader(homeDirectory);
        loader.Load(Path.Combine(configDirectory, "KEEL.md"), depth: 0);
        foreach (var directory in DirectoriesFromRoot(workingDirectory, repositoryRoot))
        {
            foreach (var name in Names)
            {
                loader.Load(Path.Combine(directory, name), depth: 0);
            }
        }

        return loader.Found;
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

    private static List<string> DirectoriesFromRoot(string workingDirectory, string? repositoryRoot)
    {
        var chain = new List<string>();
        for (var dir = new DirectoryInfo(workingDirectory); dir is not null; dir = dir.Parent)
        {
            chain.Add(dir.FullName);
            if (repositoryRoot is null || string.Equals(dir.FullName, repositoryRoot, StringComparison.Ordinal))
            {
                break;
            }
        }

        chain.Reverse();
        return chain;
    }

    private sealed class Loader(string? homeDirectory)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
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
