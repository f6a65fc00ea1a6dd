using Keel.Tools.Shell.Sandbox;

namespace Keel.Tools.Shell.Launching;

/// <summary>
/// Runs each command inside bubblewrap: the host filesystem read-only except the working directories
/// (with their agent/VCS configuration re-protected) and a private /tmp, credentials hidden, no network
/// unless allowed, private PID/IPC/UTS namespaces, no capabilities, and the whole sandbox killed when
/// bwrap or Keel dies. Fails closed: when bwrap is missing or unusable, <see cref="Prepare"/> throws
/// <see cref="ShellLaunchException"/> and nothing runs. bwrap is checked once, on the first command.
/// </summary>
public sealed class BubblewrapLauncher : IShellLauncher
{
    private readonly SandboxOptions _options;
    private readonly DirectShellLauncher _session;
    private readonly PlaceholderLedger _placeholders = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SandboxOptions> _derived = new(StringComparer.Ordinal);
    private (string? Bwrap, IReadOnlyList<string> Isolation, string? Error)? _probe;

    public BubblewrapLauncher(SandboxOptions options)
        : this(options, new DirectShellLauncher())
    {
    }

    /// <param name="options">What the sandbox allows.</param>
    /// <param name="session">Puts bwrap in its own session and process group, so a timeout or Ctrl+C
    /// can signal it as a whole (bwrap then takes the sandbox down with it).</param>
    public BubblewrapLauncher(SandboxOptions options, DirectShellLauncher session)
    {
        _options = options;
        _session = session;
    }

    /// <exception cref="ShellLaunchException">bwrap is missing or cannot build a sandbox here, or a
    /// protected path cannot be protected.</exception>
    public ShellLaunch Prepare(ShellLaunch shell)
    {
        var (bwrap, isolation, error) = Probe(shell.FileName);
        if (error is not null || bwrap is null)
        {
            throw new ShellLaunchException(
                $"The sandbox is enabled but bubblewrap is not available: {error}. Install it (Debian/Ubuntu: apt-get install bubblewrap) or disable sandbox.enabled.");
        }

        var placeholders = new List<string>();
        var mounts = SandboxMounts.Build(OptionsFor(shell.WorkingDirectories), shell.ResultFiles, placeholders);
        foreach (var file in shell.ResultFiles)
        {
            // A bind needs an existing source; the command overwrites it.
            File.WriteAllBytes(file, []);
        }

        _placeholders.Acquire(placeholders);
        var previous = shell.AfterExit;
        var wrapped = shell with
        {
            FileName = bwrap,
            Arguments = [.. isolation, .. mounts, "--chdir", shell.WorkingDirectory, "--", shell.FileName, .. shell.Arguments],
            Environment = SandboxEnvironment(shell.Environment),
            AfterExit = () =>
            {
                _placeholders.Release(placeholders);
                previous?.Invoke();
            },
        };
        return _session.Prepare(wrapped);
    }

    /// <summary>
    /// The sandbox for a command of a session whose project is not one of the sandbox's writable directories (an
    /// isolated agent in its worktree, which lies inside the read-only <c>.keel</c>): that session's directories become
    /// the writable ones, with their own protected paths on top, and the user's project stays read-only for it.
    /// </summary>
    private SandboxOptions OptionsFor(IReadOnlyList<string>? workingDirectories)
    {
        if (workingDirectories is not { Count: > 0 } || _options.WritableDirectories.Any(dir => SameDirectory(dir, workingDirectories[0])))
        {
            return _options;
        }

        var key = string.Join('\0', workingDirectories);
        lock (_gate)
        {
            if (!_derived.TryGetValue(key, out var derived))
            {
                derived = _options.ForDirectories(workingDirectories);
                _derived[key] = derived;
            }

            return derived;
        }
    }

    private static bool SameDirectory(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd('/'), Path.GetFullPath(b).TrimEnd('/'), StringComparison.Ordinal);

    private static Dictionary<string, string?> SandboxEnvironment(IReadOnlyDictionary<string, string?> environment) =>
        new(environment, StringComparer.Ordinal)
        {
            // The host's TMPDIR may be read-only inside; /tmp is private and writable.
            ["TMPDIR"] = "/tmp",
            // Keel's own credentials are no business of the commands it runs.
            ["ANTHROPIC_API_KEY"] = null,
            ["ANTHROPIC_AUTH_TOKEN"] = null,
        };

    private (string? Bwrap, IReadOnlyList<string> Isolation, string? Error) Probe(string shell)
    {
        lock (_gate)
        {
            _probe ??= BwrapProbe.Run(_options, shell);
            return _probe.Value;
        }
    }
}
