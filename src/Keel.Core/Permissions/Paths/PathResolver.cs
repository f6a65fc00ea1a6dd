namespace Keel.Core.Permissions.Paths;

/// <summary>
/// Turns a path as given into the two forms rules are checked against: lexical (<c>~</c>
/// expanded, relative to the cwd, <c>..</c> folded) and resolved (every symlink followed,
/// including dangling links and links in parent directories: the longest existing prefix is
/// resolved and the rest appended).
/// </summary>
public static class PathResolver
{
    private const int MaxLinks = 40;

    public static string Lexical(string path, string cwd, string home)
    {
        var expanded = path == "~" ? home : path.StartsWith("~/", StringComparison.Ordinal) ? home + path[1..] : path;
        return Trim(Path.GetFullPath(expanded, cwd));
    }

    /// <summary>
    /// The absolute path with <c>~</c> expanded but <c>..</c> kept, for <see cref="Resolve"/>: the kernel
    /// follows a symlink before applying a later <c>..</c>, so folding first would resolve a different file.
    /// </summary>
    public static string Absolute(string path, string cwd, string home)
    {
        var expanded = path == "~" ? home : path.StartsWith("~/", StringComparison.Ordinal) ? home + path[1..] : path;
        return expanded.StartsWith('/') ? expanded : cwd.TrimEnd('/') + "/" + expanded;
    }

    public static string Resolve(string lexicalPath)
    {
        var pending = new Stack<string>(lexicalPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var current = "/";
        var links = 0;
        var exists = true;
        while (pending.Count > 0)
        {
            var segment = pending.Pop();
            if (segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var next = current == "/" ? "/" + segment : current + "/" + segment;
            if (exists && links < MaxLinks && LinkTarget(next) is { } target)
            {
                links++;
                foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                {
                    pending.Push(part);
                }

                if (target.StartsWith('/'))
                {
                    current = "/";
                }

                continue;
            }

            // Past the first missing component nothing can be a link; stop asking the filesystem.
            exists = exists && Path.Exists(next);
            current = next;
        }

        return current;
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string Trim(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
}
