namespace Keel.Terminal.Input.KeyBindings;

/// <summary>
/// <c>~/.keel/keybindings.json</c>: read at start, read again when it changes (a file watcher on its folder
/// says when; <see cref="Reload"/> compares the bytes, so a burst of events reloads once). A file that is not
/// JSON keeps the bindings that were in force.
/// </summary>
public sealed class KeyBindingsFile : IDisposable
{
    private byte[]? _bytes;
    private FileSystemWatcher? _watcher;

    public KeyBindingsFile(string path)
    {
        Path = path;
        Current = KeyBindingSet.Empty(path);
        Reload();
    }

    public string Path { get; }

    public KeyBindingSet Current { get; private set; }

    /// <summary>The problems found when the file was last read (also after a failed reload).</summary>
    public IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>Reads the file if it changed; returns what to tell the user, or null when nothing changed.</summary>
    public string? Reload()
    {
        byte[]? bytes;
        try
        {
            bytes = File.Exists(Path) ? File.ReadAllBytes(Path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Problems = [$"{Path}: cannot be read: {ex.Message}"];
            return Problems[0];
        }

        if (bytes is null ? _bytes is null : _bytes is not null && bytes.AsSpan().SequenceEqual(_bytes))
        {
            return null;
        }

        var first = _bytes is null && Current.Bindings.Count == 0 && Problems.Count == 0;
        _bytes = bytes;
        var loaded = bytes is null ? KeyBindingSet.Empty(Path) : KeyBindingSet.Parse(Path, bytes);
        Problems = loaded.Problems;
        if (!loaded.Unreadable)
        {
            Current = loaded;
        }

        var summary = bytes is null
            ? $"Key bindings: {Path} was removed; the default keys apply."
            : loaded.Unreadable
                ? $"Key bindings: {Path} is not valid JSON; the previous bindings stay."
                : $"Key bindings {(first ? "loaded" : "reloaded")} from {Path} ({Count(loaded.Bindings.Count)}).";
        return string.Join('\n', [summary, .. Problems.Select(static p => "  " + p)]);
    }

    /// <summary>Calls <paramref name="changed"/> (on a thread-pool thread) whenever something happens to the file; nothing when its folder is missing.</summary>
    public void Watch(Action changed)
    {
        var directory = System.IO.Path.GetDirectoryName(Path);
        if (_watcher is not null || directory is null || !Directory.Exists(directory))
        {
            return;
        }

        try
        {
            _watcher = new FileSystemWatcher(directory, System.IO.Path.GetFileName(Path))
            {
                NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.CreationTime,
            };
            _watcher.Changed += (_, _) => changed();
            _watcher.Created += (_, _) => changed();
            _watcher.Deleted += (_, _) => changed();
            _watcher.Renamed += (_, _) => changed();
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException)
        {
            // No watcher (inotify limits, odd file systems): the file is still read at start.
            _watcher?.Dispose();
            _watcher = null;
        }
    }

    /// <summary>The /doctor report: where the file is, how many bindings it holds, and its problems and conflicts.</summary>
    public string Describe()
    {
        if (_bytes is null)
        {
            return $"Key bindings: {Path} not present; the default keys apply";
        }

        var issues = Problems.Concat(Current.Conflicts()).ToList();
        var head = $"Key bindings: {Count(Current.Bindings.Count)} from {Path}; " + (issues.Count == 0 ? "no conflicts" : $"{issues.Count} problem(s) or conflict(s)");
        // A misnamed action is fixed by seeing the names, so they follow the problems.
        var names = Problems.Any(static p => p.Contains(": unknown action \"", StringComparison.Ordinal))
            ? KeyContexts.All.Where(static c => KeyActions.All.Any(a => a.Context == c))
                .Select(static c => $"  {c} actions: {string.Join(", ", KeyActions.All.Where(a => a.Context == c).Select(static a => a.Name))}")
            : [];
        return string.Join('\n', [head, .. issues.Select(static i => "  " + i), .. names]);
    }

    public void Dispose() => _watcher?.Dispose();

    private static string Count(int n) => n == 1 ? "1 binding" : $"{n} bindings";
}
