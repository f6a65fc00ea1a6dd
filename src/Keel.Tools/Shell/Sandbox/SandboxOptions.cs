namespace Keel.Tools.Shell.Sandbox;

/// <summary>
/// What the Bash tool's sandbox lets commands touch. Everything is readable except
/// <see cref="ExtraReadOnlyDenied"/>; only <see cref="WritableDirectories"/> (minus
/// <see cref="ProtectedPaths"/>) and a private /tmp are writable.
/// </summary>
public sealed record SandboxOptions
{
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
        };
    }

    /// <summary>
    /// Agent, editor and VCS configuration in every working directory, plus the shell and git start-up
    /// files in <paramref name="home"/> (they only matter when a working directory contains home).
    /// </summary>
    public static IReadOnlyList<string> DefaultProtectedPaths(IEnumerable<string> workingDirs, string home)
    {
        string[] inProject = [".git", ".keel", ".claude", ".mcp.json", ".vscode", ".idea", ".gitmodules"];
        string[] inHome =
        [
            ".bashrc", ".bash_profile", ".bash_login", ".bash_logout", ".profile", ".zshrc", ".zprofile",
            ".zshenv", ".zlogin", ".gitconfig", ".config/git", ".keel", ".claude", ".claude.json", ".ssh",
        ];

        var paths = new List<string>();
        foreach (var dir in workingDirs)
        {
            paths.AddRange(inProject.Select(name => Path.Combine(Path.GetFullPath(dir), name)));
        }

        if (home.Length > 0)
        {
            paths.AddRange(inHome.Select(name => Path.Combine(Path.GetFullPath(home), name)));
        }

        return [.. paths.Distinct(StringComparer.Ordinal)];
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
