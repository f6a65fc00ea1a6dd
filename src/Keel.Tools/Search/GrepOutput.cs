using System.Text;

namespace Keel.Tools.Search;

/// <summary>Collects output entries with Grep's offset/head_limit paging.</summary>
internal sealed class GrepOutput
{
    private readonly int _offset;
    private readonly int _limit;
    private int _seen;

    public GrepOutput(int offset, int limit)
    {
        _offset = offset;
        _limit = limit;
    }

    public List<string> Lines { get; } = [];

    /// <summary>True once an entry past the limit was offered.</summary>
    public bool Truncated { get; private set; }

    public bool Full => Truncated;

    public void Add(string line)
    {
        _seen++;
        if (_seen <= _offset)
        {
            return;
        }

        if (Lines.Count < _limit)
        {
            Lines.Add(line);
        }
        else
        {
            Truncated = true;
        }
    }

    public string Join() => new StringBuilder().AppendJoin('\n', Lines).ToString();
}
