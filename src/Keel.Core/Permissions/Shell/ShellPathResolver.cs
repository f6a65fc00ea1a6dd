namespace Keel.Core.Permissions.Shell;

/// <summary>What a path a shell command opens really names.</summary>
internal enum ShellPathKind
{
    /// <summary>A file system path (<see cref="ShellPath.Path"/>, absolute, every symlink and proc link resolved).</summary>
    File,

    /// <summary>An open descriptor of the command itself (<c>/dev/stdin</c>, <c>/dev/fd/3</c>, <c>/proc/self/fd/1</c>).</summary>
    Descriptor,

    /// <summary>Something only known when it runs: another process's directory or descriptor, a path through a descriptor.</summary>
    Unknown,
}

internal readonly record struct ShellPath(ShellPathKind Kind, string Path, int Descriptor = -1);

/// <summary>
/// Resolves a path the way the kernel will when the command opens it, in the command's own process:
/// symlinks are followed segment by segment before <c>..</c> is applied (so <c>link/../x</c> climbs
/// from the link's target), and the per-process links that would otherwise resolve to Keel itself are
/// mapped to the shell: <c>/proc/self</c>, <c>/proc/thread-self</c>, <c>/dev/fd</c> and
/// <c>/dev/std*</c>. <c>/proc/self/cwd</c> is the shell's directory, <c>/proc/self/root</c> is
/// <c>/</c>, <c>/proc/&lt;pid&gt;/cwd</c> of another process is unknown.
/// </summary>
internal static class ShellPathResolver
{
    private const int MaxLinks = 40;

    private enum Place
    {
        Normal,
        Process,
        OtherProcess,
        Descriptors,
        OtherDescriptors,
    }

    /// <param name="path">The path as the command receives it (a leading <c>~</c> is the home directory).</param>
    /// <param name="cwd">The command's absolute working directory, or null when it is only known at run time.</param>
    /// <param name="home">The home directory.</param>
    public static ShellPath Resolve(string path, string? cwd, string home)
    {
        var absolute = path == "~" ? home : path.StartsWith("~/", StringComparison.Ordinal) ? home + path[1..] : path;
        if (!absolute.StartsWith('/'))
        {
            if (cwd is null)
            {
                return new(ShellPathKind.Unknown, path);
            }

            absolute = cwd.TrimEnd('/') + "/" + absolute;
        }

        var pending = new Stack<string>();
        Push(pending, absolute);
        var current = "/";
        var place = Place.Normal;
        var links = 0;
        var exists = true;
        while (pending.Count > 0)
        {
            var segment = pending.Pop();
            if (segment == ".")
            {
                continue;
            }

            switch (place)
            {
                case Place.Process or Place.OtherProcess:
                    switch (segment)
                    {
                        case "..":
                            place = Place.Normal;
                            current = "/proc";
                            continue;
                        case "cwd":
                            if (place == Place.OtherProcess || cwd is null)
                            {
                                return new(ShellPathKind.Unknown, path);
                            }

                            place = Place.Normal;
                            current = "/";
                            Push(pending, cwd);
                            continue;
                        case "root":
                            place = Place.Normal;
                            current = "/";
                            continue;
                        case "fd":
                            place = place == Place.Process ? Place.Descriptors : Place.OtherDescriptors;
                            continue;
                        case "task" when pending.Count > 0 && IsNumber(pending.Peek()):
                            pending.Pop();
                            continue;
                        default:
                            // status, environ, mem, maps...: keep a /proc/self path so the special-file rules see the name.
                            return new(pending.Count > 0 && segment is "map_files" or "fdinfo" or "ns" or "net" ? ShellPathKind.Unknown : ShellPathKind.File, Rest("/proc/self/" + segment, pending));
                    }

                case Place.Descriptors or Place.OtherDescriptors:
                    if (segment == "..")
                    {
                        place = place == Place.Descriptors ? Place.Process : Place.OtherProcess;
                        continue;
                    }

                    // Another process's descriptor, or a path that continues through a descriptor (a directory fd).
                    if (place == Place.OtherDescriptors || !IsNumber(segment) || pending.Count > 0)
                    {
                        return new(ShellPathKind.Unknown, path);
                    }

                    return new(ShellPathKind.Descriptor, path, int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture));
            }

            if (segment == "..")
            {
                current = System.IO.Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var next = current == "/" ? "/" + segment : current + "/" + segment;
            switch (next)
            {
                case "/proc/self" or "/proc/thread-self":
                    place = Place.Process;
                    continue;
                case "/dev/fd":
                    place = Place.Descriptors;
                    continue;
                case "/dev/stdin" or "/dev/stdout" or "/dev/stderr":
                    if (pending.Count > 0)
                    {
                        return new(ShellPathKind.Unknown, path);
                    }

                    return new(ShellPathKind.Descriptor, path, segment switch { "stdin" => 0, "stdout" => 1, _ => 2 });
            }

            if (current == "/proc" && IsNumber(segment))
            {
                place = Place.OtherProcess;
                continue;
            }

            if (exists && links < MaxLinks && LinkTarget(next) is { } target)
            {
                links++;
                Push(pending, target);
                if (target.StartsWith('/'))
                {
                    current = "/";
                }

                continue;
            }

            exists = exists && System.IO.Path.Exists(next);
            current = next;
        }

        return place switch
        {
            Place.Normal => new(ShellPathKind.File, current),
            Place.Process => new(ShellPathKind.File, "/proc/self"),
            _ => new(ShellPathKind.Unknown, path),
        };
    }

    private static void Push(Stack<string> pending, string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = parts.Length - 1; i >= 0; i--)
        {
            pending.Push(parts[i]);
        }
    }

    private static string Rest(string start, Stack<string> pending) =>
        pending.Count == 0 ? start : start + "/" + string.Join('/', pending);

    private static bool IsNumber(string text) => text.Length is > 0 and < 10 && text.All(char.IsAsciiDigit);

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
}
