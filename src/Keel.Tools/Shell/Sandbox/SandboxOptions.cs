using Keel.Core.Permissions.Paths;

namespace Keel.Tools.Shell.Sandbox;

/// <summary>
/// What the Bash tool's sandbox lets commands touch. Everything is readable except
/// <see cref="ExtraReadOnlyDenied"/>; only <see cref="WritableDirectories"/> (minus
/// <see cref="ProtectedPaths"/>) and a private /tmp are writable.
/// </summary>
public sealed record SandboxOptions
{
    private const int MaxNestedScan = 20000;
    private const int MaxNestedDepth = 6;

    public bool Enabled { get; init; } = true;

    /// <summary>False gives commands an empty network namespace (loopback only, nothing outside).</summary>
    public bool AllowNetwork { get; init; }

    /// <summary>Directories commands may write (the project and the additional working directories).</summary>
    public IReadOnlyList<string> WritableDirectories { get; init; } = [];

    /// <summary>
    /// Absolute paths inside the writable directories that stay read-only, and that cannot be created
    /// when they do not exist yet (configuration that later runs code outside the sandbox).
    /// </summary>
    public IReadOnlyList<string> ProtectedPaths { get; init; } = [];

    /// <summary>Paths hidden entirely (credentials): a directory shows up empty, a file reads as empty.</summary>
    public IReadOnlyList<string> ExtraReadOnlyDenied { get; init; } = DefaultDeniedPaths(HomeDirectory());

    /// <summary>Host UNIX sockets a setting allows inside (bound back after <c>/run</c> is emptied); none by default.</summary>
    public IReadOnlyList<string> AllowedUnixSockets { get; init; } = [];

    /// <summary>Host sockets outside <c>/run</c> and <c>/tmp</c> to cover (agent sockets, Docker in home...).</summary>
    public IReadOnlyList<string> HiddenSockets { get; init; } = [];

    /// <summary>The bwrap executable; null searches PATH.</summary>
    public string? BwrapPath { get; init; }

    /// <summary>A sandbox over <paramref name="workingDirectories"/> with the default protected and hidden paths.</summary>
    public static SandboxOptions For(IReadOnlyList<string> workingDirectories, bool allowNetwork = false)
    {
        var home = HomeDirectory();
        return new SandboxOptions
        {
            AllowNetwork = allowNetwork,
            WritableDirectories = workingDirectories,
            ProtectedPaths = DefaultProtectedPaths(workingDirectories, home),
            ExtraReadOnlyDenied = DefaultDeniedPaths(home),
            HiddenSockets = FindSockets(home, Environment.GetEnvironmentVariable),
        };
    }

    /// <summary>
    /// The same sandbox over other writable directories (an agent's worktree): their protected paths are added to the
    /// ones already listed (home start-up files included), which only apply inside whatever is writable.
    /// </summary>
    public SandboxOptions ForDirectories(IReadOnlyList<string> workingDirectories) => this with
    {
        WritableDirectories = workingDirectories,
        ProtectedPaths = [.. ProtectedPaths.Concat(DefaultProtectedPaths(workingDirectories, string.Empty)).Distinct(StringComparer.Ordinal)],
    };

    /// <summary>
    /// Host UNIX sockets a sandboxed command could otherwise connect to: those named by the environment
    /// (<c>SSH_AUTH_SOCK</c>, <c>DOCKER_HOST</c>, <c>DBUS_SESSION_BUS_ADDRESS</c>, ...) and those a
    /// bounded walk of the home directory and <c>/var</c> finds (GPG agent, Docker/Colima/Podman sockets).
    /// </summary>
    public static IReadOnlyList<string> FindSockets(string home, Func<string, string?> getEnv)
    {
        var found = new List<string>();
        foreach (var name in (string[])["SSH_AUTH_SOCK", "DOCKER_HOST", "DBUS_SESSION_BUS_ADDRESS", "DBUS_SYSTEM_BUS_ADDRESS", "GPG_AGENT_INFO", "WAYLAND_DISPLAY", "PODMAN_SOCK", "CONTAINER_HOST"])
        {
            foreach (var part in (getEnv(name) ?? "").Split([';', ',', ':'], StringSplitOptions.RemoveEmptyEntries))
            {
                var path = part.StartsWith("unix://", StringComparison.Ordinal) ? part[7..] : part.StartsWith("path=", StringComparison.Ordinal) ? part[5..] : part;
                if (path.StartsWith('/'))
                {
                    found.Add(path);
                }
            }
        }

        foreach (var (root, depth) in (ReadOnlySpan<(string, int)>)[(home, 4), ("/var", 3)])
        {
            if (root.Length > 0)
            {
                Walk(root, depth, found);
            }
        }

        return [.. found.Distinct(StringComparer.Ordinal)];
    }

    private static void Walk(string root, int maxDepth, List<string> found) =>
        WalkBounded(root, maxDepth, (entry, _) =>
        {
            if (entry.LinkTarget is not null)
            {
                return false;
            }

            if (entry is DirectoryInfo)
            {
                return entry.Name is not ("node_modules" or "cache" or ".cache" or "lib" or "log");
            }

            if (FileProbe.Probe(entry.FullName) == FileType.Socket)
            {
                found.Add(entry.FullName);
            }

            return false;
        });

    /// <summary>
    /// Breadth first below <paramref name="root"/>, at most <see cref="MaxNestedScan"/> entries and
    /// <paramref name="maxDepth"/> levels, never through a symlink. <paramref name="visit"/> sees each entry
    /// with its depth and says whether to descend into it (when it is a directory).
    /// </summary>
    private static void WalkBounded(string root, int maxDepth, Func<FileSystemInfo, int, bool> visit)
    {
        var pending = new Queue<(string Dir, int Depth)>();
        pending.Enqueue((root, 0));
        var visited = 0;
        var options = new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = FileAttributes.None };
        while (pending.Count > 0 && visited < MaxNestedScan)
        {
            var (dir, depth) = pending.Dequeue();
            List<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(dir).EnumerateFileSystemInfos("*", options).ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var entry in entries)
            {
                if (++visited >= MaxNestedScan)
                {
                    break;
                }

                if (visit(entry, depth) && entry is DirectoryInfo && entry.LinkTarget is null && depth < maxDepth)
                {
                    pending.Enqueue((entry.FullName, depth + 1));
                }
            }
        }
    }

    /// <summary>
    /// The path policy's protected list (<see cref="ProtectedNames"/>) made concrete: agent, editor and VCS
    /// configuration at the top of every working directory, every nested repository's <c>.git</c> (and
    /// other protected names) found below it, and the shell and git start-up files in <paramref name="home"/>
    /// (they only matter when a working directory contains home).
    /// </summary>
    public static IReadOnlyList<string> DefaultProtectedPaths(IEnumerable<string> workingDirs, string home)
    {
        var paths = new List<string>();
        foreach (var dir in workingDirs)
        {
            var root = Path.GetFullPath(dir);
            paths.AddRange(ProtectedNames.Directories.Concat(ProtectedNames.Files).Select(name => Path.Combine(root, name)));
            paths.AddRange(NestedProtected(root));
        }

        if (home.Length > 0)
        {
            paths.AddRange(ProtectedNames.HomeFiles.Concat(ProtectedNames.HomeDirectories).Select(name => Path.Combine(Path.GetFullPath(home), name)));
        }

        return [.. paths.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Protected names below the top of a working directory (nested repositories, sub-project settings), bounded.</summary>
    private static List<string> NestedProtected(string root)
    {
        var found = new List<string>();
        var names = new HashSet<string>(ProtectedNames.Directories.Concat(ProtectedNames.Files), StringComparer.Ordinal);
        WalkBounded(root, MaxNestedDepth, (entry, depth) =>
        {
            if (!names.Contains(entry.Name))
            {
                return entry.Name != "node_modules";
            }

            if (depth > 0 && entry.LinkTarget is null)
            {
                found.Add(entry.FullName);
            }

            return false;
        });
        return found;
    }

    /// <summary>Credential stores under <paramref name="home"/> that sandboxed commands have no reason to read.</summary>
    public static IReadOnlyList<string> DefaultDeniedPaths(string home)
    {
        if (home.Length == 0)
        {
            return [];
        }

        string[] names =
        [
            ".ssh", ".aws", ".gnupg", ".config/gcloud", ".azure", ".kube", ".docker", ".config/gh",
            ".netrc", ".git-credentials", ".pypirc", ".npmrc", ".cargo/credentials.toml", ".claude/.credentials.json",
        ];
        return [.. names.Select(name => Path.Combine(Path.GetFullPath(home), name))];
    }

    private static string HomeDirectory() => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
}
