using Keel.Core.Permissions.Paths;

namespace Keel.Core.Permissions;

/// <summary>
/// What every permission check in a session shares: where the project is, which directories are
/// in scope, the mode, and the rules. Rules and mode may change during a session ("always allow",
/// a mode switch); readers always see a consistent snapshot.
/// </summary>
public sealed class PermissionContext
{
    private readonly Lock _gate = new();
    private volatile IReadOnlyList<PermissionRule> _rules;
    private volatile IReadOnlyList<PermissionRule> _turnRules = [];
    private volatile IReadOnlyList<PermissionRule> _effective;
    private volatile PermissionMode _mode;

    public PermissionContext(string projectDirectory, IEnumerable<string> additionalDirectories, string home, PermissionMode mode, IEnumerable<PermissionRule> rules, string? keelConfigDirectory = null)
    {
        ProjectDirectory = Trim(Path.GetFullPath(projectDirectory));
        Home = Trim(Path.GetFullPath(home));
        _workingDirectories = [ProjectDirectory, .. additionalDirectories.Select(static d => Trim(Path.GetFullPath(d))).Distinct(StringComparer.Ordinal)];
        _resolvedWorkingDirectories = [.. _workingDirectories.Select(PathResolver.Resolve).Distinct(StringComparer.Ordinal)];
        KeelConfigDirectory = Trim(Path.GetFullPath(keelConfigDirectory ?? Path.Combine(Home, ".keel")));
        Protected = new ProtectedPaths(Home, KeelConfigDirectory);
        _rules = [.. rules];
        _effective = _rules;
        _mode = mode;
    }

    public string ProjectDirectory { get; }

    public string Home { get; }

    private volatile IReadOnlyList<string> _workingDirectories;
    private volatile IReadOnlyList<string> _resolvedWorkingDirectories;

    /// <summary>Keel's user directory (<c>~/.keel</c>): the user's settings file lives there.</summary>
    public string KeelConfigDirectory { get; }

    /// <summary>The project, then additional directories (settings, --add-dir, a hook's addDirectories), lexical.</summary>
    public IReadOnlyList<string> WorkingDirectories => _workingDirectories;

    /// <summary>The same with symlinks resolved: scope is decided on resolved paths.</summary>
    public IReadOnlyList<string> ResolvedWorkingDirectories => _resolvedWorkingDirectories;

    /// <summary>Adds a directory to the scope from the next check on; false when it was already in it.</summary>
    public bool AddWorkingDirectory(string directory)
    {
        var full = Trim(Path.GetFullPath(directory));
        lock (_gate)
        {
            if (_workingDirectories.Contains(full, StringComparer.Ordinal))
            {
                return false;
            }

            _workingDirectories = [.. _workingDirectories, full];
            _resolvedWorkingDirectories = [.. _workingDirectories.Select(PathResolver.Resolve).Distinct(StringComparer.Ordinal)];
            return true;
        }
    }

    /// <summary>Takes an additional directory out of the scope (never the project); false when it was not in it.</summary>
    public bool RemoveWorkingDirectory(string directory)
    {
        var full = Trim(Path.GetFullPath(directory));
        lock (_gate)
        {
            if (full == ProjectDirectory || !_workingDirectories.Contains(full, StringComparer.Ordinal))
            {
                return false;
            }

            _workingDirectories = [.. _workingDirectories.Where(d => d != full)];
            _resolvedWorkingDirectories = [.. _workingDirectories.Select(PathResolver.Resolve).Distinct(StringComparer.Ordinal)];
            return true;
        }
    }

    public ProtectedPaths Protected { get; }

    /// <summary>
    /// The memory folders (resolved): the file tools may read and write there without asking, although
    /// they sit under the protected <c>~/.keel</c>. Set once when the session is composed.
    /// </summary>
    public IReadOnlyList<string> MemoryDirectories { get; private set; } = [];

    public void SetMemoryDirectories(IEnumerable<string> directories) =>
        MemoryDirectories = [.. directories.Select(static d => PathResolver.Resolve(Trim(Path.GetFullPath(d)))).Distinct(StringComparer.Ordinal)];

    public PermissionMode Mode
    {
        get => _mode;
        set => _mode = value;
    }

    /// <summary>The session's rules followed by the current turn's (a command's or skill's allowed-tools).</summary>
    public IReadOnlyList<PermissionRule> Rules => _effective;

    /// <summary>Adds rules (e.g. a session "always allow"); effective for the next check.</summary>
    public void AddRules(IEnumerable<PermissionRule> rules)
    {
        lock (_gate)
        {
            _rules = [.. _rules, .. rules];
            _effective = [.. _rules, .. _turnRules];
        }
    }

    /// <summary>Adds rules that hold until <see cref="ClearTurnRules"/> (the end of the current turn).</summary>
    public void AddTurnRules(IEnumerable<PermissionRule> rules)
    {
        lock (_gate)
        {
            _turnRules = [.. _turnRules, .. rules];
            _effective = [.. _rules, .. _turnRules];
        }
    }

    public void ClearTurnRules()
    {
        lock (_gate)
        {
            _turnRules = [];
            _effective = _rules;
        }
    }

    /// <summary>Removes the session's rules that match <paramref name="predicate"/> (e.g. one deleted from local settings).</summary>
    public int RemoveRules(Func<PermissionRule, bool> predicate)
    {
        lock (_gate)
        {
            var before = _rules.Count;
            _rules = [.. _rules.Where(r => !predicate(r))];
            return before - _rules.Count;
        }
    }

    private static string Trim(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
}
