using System.Collections.Concurrent;

namespace Keel.Core.Tools;

/// <summary>
/// Records which files were read this session, so Edit and Write can refuse to change a
/// file the model has not seen or that changed on disk since.
/// </summary>
public sealed class FileReadTracker
{
    private readonly ConcurrentDictionary<string, FileReadState> _states = new(StringComparer.Ordinal);

    // Files whose whole text a Read put into the conversation, as they were then.
    private readonly ConcurrentDictionary<string, FileReadState> _delivered = new(StringComparer.Ordinal);

    /// <summary>Records the file's current on-disk stamp.</summary>
    public void Record(string fullPath, bool partial = false)
    {
        var info = new FileInfo(fullPath);
        _delivered.TryRemove(fullPath, out _);
        if (info.Exists)
        {
            _states[fullPath] = new FileReadState(fullPath, info.LastWriteTimeUtc, info.Length, partial);
        }
    }

    /// <summary>Notes that the file's whole text, as it is now, went into the conversation.</summary>
    public void MarkDelivered(string fullPath)
    {
        if (Get(fullPath) is { Partial: false } state)
        {
            _delivered[fullPath] = state;
        }
    }

    /// <summary>True when the conversation already holds the whole text of the file as it is on disk now.</summary>
    public bool DeliveredAndUnchanged(string fullPath) =>
        _delivered.TryGetValue(fullPath, out var state) && !ChangedSince(state);

    /// <summary>The conversation lost earlier tool results (compaction, cleared results, a new conversation): nothing counts as delivered.</summary>
    public void ForgetDelivered() => _delivered.Clear();

    public FileReadState? Get(string fullPath) => _states.TryGetValue(fullPath, out var state) ? state : null;

    public void Forget(string fullPath)
    {
        _states.TryRemove(fullPath, out _);
        _delivered.TryRemove(fullPath, out _);
    }

    /// <summary>True when the file changed on disk since it was recorded.</summary>
    public static bool ChangedSince(FileReadState state)
    {
        var info = new FileInfo(state.Path);
        return !info.Exists || info.LastWriteTimeUtc != state.LastWriteTimeUtc || info.Length != state.Length;
    }

    public IReadOnlyCollection<FileReadState> All => _states.Values.ToList();

    /// <summary>What the tracker holds now, to put back with <see cref="Restore"/>.</summary>
    internal (KeyValuePair<string, FileReadState>[] States, KeyValuePair<string, FileReadState>[] Delivered) Snapshot() =>
        (_states.ToArray(), _delivered.ToArray());

    /// <summary>Puts back a <see cref="Snapshot"/>: reads made since (by calls whose results were dropped) no longer count.</summary>
    internal void Restore((KeyValuePair<string, FileReadState>[] States, KeyValuePair<string, FileReadState>[] Delivered) snapshot)
    {
        Reset(_states, snapshot.States);
        Reset(_delivered, snapshot.Delivered);
    }

    private static void Reset(ConcurrentDictionary<string, FileReadState> map, KeyValuePair<string, FileReadState>[] entries)
    {
        map.Clear();
        foreach (var (path, state) in entries)
        {
            map[path] = state;
        }
    }
}
