namespace Keel.Core.Tools;

/// <summary>
/// Session-wide state shared by tool calls: the working directory (a Bash <c>cd</c> carries
/// over), the directories Keel may work in, what was read, and where oversized output goes.
/// </summary>
public sealed class ToolSession
{
    private readonly Lock _gate = new();
    private string _currentDirectory;

    public ToolSession(string projectDirectory, IEnumerable<string> additionalDirectories, string sessionDirectory, TimeProvider time)
    {
        ProjectDirectory = PathScope.Normalize(projectDirectory);
        _currentDirectory = ProjectDirectory;
        _allowedDirectories = [ProjectDirectory, .. additionalDirectories.Select(PathScope.Normalize)];
        SessionDirectory = sessionDirectory;
        Time = time;
    }

    /// <summary>The directory Keel started in.</summary>
    public string ProjectDirectory { get; }

    private volatile IReadOnlyList<string> _allowedDirectories;

    /// <summary>The project, then additional directories (settings, --add-dir, a hook's addDirectories).</summary>
    public IReadOnlyList<string> AllowedDirectories => _allowedDirectories;

    /// <summary>Adds a directory the tools may work in (a permission update's <c>addDirectories</c>).</summary>
    public void AddAllowedDirectory(string directory)
    {
        lock (_gate)
        {
            var normalized = PathScope.Normalize(directory);
            if (!_allowedDirectories.Contains(normalized, StringComparer.Ordinal))
            {
                _allowedDirectories = [.. _allowedDirectories, normalized];
            }
        }
    }

    /// <summary>Removes an additional directory; the project itself stays.</summary>
    public void RemoveAllowedDirectory(string directory)
    {
        lock (_gate)
        {
            var normalized = PathScope.Normalize(directory);
            _allowedDirectories = [.. _allowedDirectories.Where((d, i) => i == 0 || !string.Equals(d, normalized, StringComparison.Ordinal))];
        }
    }

    /// <summary>Per-session scratch space (spilled output lives under it).</summary>
    public string SessionDirectory { get; }

    public TimeProvider Time { get; }

    public FileReadTracker Reads { get; } = new();

    /// <summary>The path policy, for checks at the moment of use (null: no checks, e.g. in unit tests).</summary>
    public Permissions.IPathPolicy? Paths { get; set; }

    /// <summary>Who answers questions and reviews plans; nobody unless a surface sets it.</summary>
    public Interaction.IUserInteraction Interaction { get; set; } = Keel.Core.Interaction.NoUserInteraction.Instance;

    /// <summary>The task list the TodoWrite tool keeps; re-attached after compaction.</summary>
    public Todo.TodoList Todos { get; } = new();

    /// <summary>The file checkpoints a rewind restores from; null keeps none (a subagent shares its parent's).</summary>
    public Checkpoints.FileCheckpoints? Checkpoints { get; set; }

    /// <summary>Where file tools read and write text: the disk, or an editor's buffers (a subagent shares its parent's).</summary>
    public IWorkspaceFiles Files { get; set; } = LocalWorkspaceFiles.Instance;

    /// <summary>An editor's terminals the shell tool runs commands in; null runs them locally (a subagent shares its parent's).</summary>
    public IEditorTerminals? Terminals { get; set; }

    /// <summary>
    /// Runs the rest of the current turn on another model (a skill's <c>model</c>, when the Skill tool loads it); set by
    /// the loop that owns this session, null where nothing can switch (a subagent's model is fixed at its start).
    /// </summary>
    public Action<string>? UseModelForTurn { get; set; }

    /// <summary>Background shells and agents of the session (a subagent shares its parent's).</summary>
    public Tasks.BackgroundTasks Background { get; set; } = new();

    /// <summary>Variables added to every Bash call's environment (what SessionStart hooks export through <c>CLAUDE_ENV_FILE</c>).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> ShellEnvironment { get; } = new(StringComparer.Ordinal);

    public string CurrentDirectory
    {
        get
        {
            lock (_gate)
            {
                return _currentDirectory;
            }
        }
    }

    /// <summary>Moves the working directory; refused (false) outside the allowed directories.</summary>
    public bool TrySetCurrentDirectory(string path)
    {
        var full = PathScope.Normalize(path);
        if (!IsWithinAllowed(full) || !Directory.Exists(full))
        {
            return false;
        }

        lock (_gate)
        {
            _currentDirectory = full;
        }

        return true;
    }

    /// <summary>Resolves a path the model gave: <c>~</c> expanded, relative to the current directory.</summary>
    public string ResolvePath(string path) => PathScope.Resolve(path, CurrentDirectory);

    public bool IsWithinAllowed(string fullPath) => AllowedDirectories.Any(dir => PathScope.IsWithin(fullPath, dir));

    /// <summary>A path as a summary shows it: relative to the current directory when it lies inside it, else as given.</summary>
    public string DisplayPath(string path)
    {
        if (string.IsNullOrEmpty(path) || !Path.IsPathRooted(path))
        {
            return path;
        }

        var cwd = CurrentDirectory;
        return PathScope.IsWithin(path, cwd) && path.Length > cwd.Length ? path[(cwd.Length + 1)..] : path;
    }
}
