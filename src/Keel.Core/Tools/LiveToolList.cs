using System.Collections;

namespace Keel.Core.Tools;

/// <summary>
/// A session's tool list that a host may change while the session runs (an SDK host adding or removing MCP
/// servers). Readers see a consistent snapshot; <see cref="Version"/> changes with every change, so the loop
/// rebuilds the offered tool definitions only then and requests stay byte-stable otherwise.
/// </summary>
public sealed class LiveToolList(IEnumerable<ITool> tools) : IReadOnlyList<ITool>
{
    private readonly Lock _gate = new();
    private ITool[] _tools = [.. tools];
    private int _version;

    /// <summary>Counts the changes made so far.</summary>
    public int Version => Volatile.Read(ref _version);

    public int Count => Volatile.Read(ref _tools).Length;

    public ITool this[int index] => Volatile.Read(ref _tools)[index];

    /// <summary>Replaces the tools <paramref name="remove"/> matches with <paramref name="add"/>.</summary>
    public void Change(Func<ITool, bool> remove, IEnumerable<ITool> add)
    {
        lock (_gate)
        {
            Volatile.Write(ref _tools, [.. _tools.Where(t => !remove(t)), .. add]);
            Interlocked.Increment(ref _version);
        }
    }

    public IEnumerator<ITool> GetEnumerator() => ((IEnumerable<ITool>)Volatile.Read(ref _tools)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
