namespace Keel.Tools.Search;

/// <summary>Matches a <c>/</c>-separated relative path against glob segments, where <c>**</c> spans any number of them.</summary>
internal sealed class PathMatcher
{
    private readonly GlobSegment[] _segments;

    public PathMatcher(string pattern)
    {
        var parts = pattern.Split('/', StringSplitOptions.RemoveEmptyEntries);
        _segments = new GlobSegment[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            _segments[i] = new GlobSegment(parts[i]);
        }
    }

    public int SegmentCount => _segments.Length;

    public bool HasAnyDepth => Array.Exists(_segments, static s => s.IsAnyDepth);

    /// <summary>Matches a single name (for patterns of one segment).</summary>
    public bool MatchesName(ReadOnlySpan<char> name) => _segments.Length == 1 && _segments[0].Matches(name);

    public bool Matches(ReadOnlySpan<char> path) => Match(0, path);

    private bool Match(int index, ReadOnlySpan<char> path)
    {
        while (true)
        {
            if (index == _segments.Length)
            {
                return path.IsEmpty;
            }

            var segment = _segments[index];
            if (segment.IsAnyDepth)
            {
                if (index == _segments.Length - 1)
                {
                    return !path.IsEmpty;
                }

                // Zero segments, then each possible later segment start.
                if (Match(index + 1, path))
                {
                    return true;
                }

                for (var slash = path.IndexOf('/'); slash >= 0; slash = NextSlash(path, slash))
                {
                    if (Match(index + 1, path[(slash + 1)..]))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (path.IsEmpty)
            {
                return false;
            }

            var end = path.IndexOf('/');
            var name = end < 0 ? path : path[..end];
            if (!segment.Matches(name))
            {
                return false;
            }

            if (end < 0)
            {
                return index + 1 == _segments.Length;
            }

            path = path[(end + 1)..];
            index++;
        }
    }

    private static int NextSlash(ReadOnlySpan<char> path, int previous)
    {
        var next = path[(previous + 1)..].IndexOf('/');
        return next < 0 ? -1 : previous + 1 + next;
    }
}
