using System.Collections.Concurrent;

namespace Keel.Core.Tools;

/// <summary>
/// Records which files were read this session, so Edit and Write can refuse to change a
/// file the model has not seen or that changed on disk since.
/// </summary>
public sealed class FileReadTracker
{
    private readonly ConcurrentDictionary<string, FileReadState> _states = new(StringComparer.Ordinal);

    /// <summary>Records the file's current on-disk stamp.</summary>
    public void Record(string fullPath, bool partial = false)
    {
        var info = new FileInfo(fullPath);
        if (info.Exists)
        {
            _states[fullPath] = new FileReadState(fullPath, info.LastWriteTimeUtc, info.Length, partial);
        }
    }

    public FileReadState? Get(string fullPath) => _states.TryGetValue(fullPath, out var state) ? state : null;

    public void Forget(string fullPath) => _states.TryRemove(fullPath, out _);

    /// <summary>True when the file changed on disk since it was recorded.</summary>
    public static bool ChangedSince(FileReadState state)
    {
        var info = new FileInfo(state.Path);
        return !info.Exists || info.LastWriteTimeUtc != state.LastWriteTimeUtc || info.Length != state.Length;
    }

    public IReadOnlyCollection<FileReadState> All => _states.Values.ToList();
}
