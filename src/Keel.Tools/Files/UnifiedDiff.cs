using System.Text.Json.Nodes;

namespace Keel.Tools.Files;

/// <summary>Line diff between two texts as unified-diff hunks (for tool_use_result's structuredPatch).</summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    // Beyond this many cells the middle is reported as one replaced block instead of an exact LCS.
    private const long MaxLcsCells = 2_000_000;

    public static List<DiffHunk> Compute(string oldText, string newText)
    {
        var a = LineFormat.SplitLines(oldText);
        var b = LineFormat.SplitLines(newText);
        var ops = Diff(a, b);
        return BuildHunks(ops, a, b);
    }

    public static JsonArray ToJson(IEnumerable<DiffHunk> hunks)
    {
        var array = new JsonArray();
        foreach (var hunk in hunks)
        {
            var lines = new JsonArray();
            foreach (var line in hunk.Lines)
            {
                lines.Add((JsonNode)JsonValue.Create(line));
            }

            array.Add((JsonNode)new JsonObject
            {
                ["oldStart"] = hunk.OldStart,
                ["oldLines"] = hunk.OldLines,
                ["newStart"] = hunk.NewStart,
                ["newLines"] = hunk.NewLines,
                ["lines"] = lines,
            });
        }

        return array;
    }

    /// <summary>Edit script: ' ' keeps a[i]==b[j], '-' drops a[i], '+' adds b[j].</summary>
    private static List<(char Kind, int Old, int New)> Diff(List<string> a, List<string> b)
    {
        var prefix = 0;
        while (prefix < a.Count && prefix < b.Count && string.Equals(a[prefix], b[prefix], StringComparison.Ordinal))
        {
            prefix++;
        }

        var suffix = 0;
        while (suffix < a.Count - prefix && suffix < b.Count - prefix
            && string.Equals(a[a.Count - 1 - suffix], b[b.Count - 1 - suffix], StringComparison.Ordinal))
        {
            suffix++;
        }

        var ops = new List<(char, int, int)>(a.Count + b.Count);
        for (var i = 0; i < prefix; i++)
        {
            ops.Add((' ', i, i));
        }

        var n = a.Count - prefix - suffix;
        var m = b.Count - prefix - suffix;
        if ((long)n * m <= MaxLcsCells)
        {
            Lcs(a, b, prefix, n, m, ops);
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                ops.Add(('-', prefix + i, prefix));
            }

            for (var j = 0; j < m; j++)
            {
                ops.Add(('+', prefix + n, prefix + j));
            }
        }

        for (var k = 0; k < suffix; k++)
        {
            ops.Add((' ', a.Count - suffix + k, b.Count - suffix + k));
        }

        return ops;
    }

    private static void Lcs(List<string> a, List<string> b, int offset, int n, int m, List<(char, int, int)> ops)
    {
        // lengths[i, j] = LCS of a[i..n) and b[j..m), so the script can be read forwards.
        var width = m + 1;
        var lengths = new int[(n + 1) * width];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lengths[(i * width) + j] = string.Equals(a[offset + i], b[offset + j], StringComparison.Ordinal)
                    ? lengths[((i + 1) * width) + j + 1] + 1
                    : Math.Max(lengths[((i + 1) * width) + j], lengths[(i * width) + j + 1]);
            }
        }

        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && string.Equals(a[offset + x], b[offset + y], StringComparison.Ordinal))
            {
                ops.Add((' ', offset + x, offset + y));
                x++;
                y++;
            }
            else if (x < n && (y == m || lengths[((x + 1) * width) + y] >= lengths[(x * width) + y + 1]))
            {
                // Deletions first, as diff tools print them.
                ops.Add(('-', offset + x, offset + y));
                x++;
            }
            else
            {
                ops.Add(('+', offset + x, offset + y));
                y++;
            }
        }
    }

    private static List<DiffHunk> BuildHunks(List<(char Kind, int Old, int New)> ops, List<string> a, List<string> b)
    {
        var hunks = new List<DiffHunk>();
        var index = 0;
        while (index < ops.Count)
        {
            if (ops[index].Kind == ' ')
            {
                index++;
                continue;
            }

            // A change: open a hunk with up to Context lines before it, extend while changes are close.
            var start = Math.Max(0, index - Context);
            while (start < index && ops[start].Kind != ' ')
            {
                start++;
            }

            var end = index;
            var lastChange = index;
            while (end < ops.Count)
            {
                if (ops[end].Kind != ' ')
                {
                    lastChange = end;
                }
                else if (end - lastChange > 2 * Context)
                {
                    break;
                }

                end++;
            }

            end = Math.Min(ops.Count, lastChange + 1 + Context);
            hunks.Add(MakeHunk(ops, start, end, a, b));
            index = end;
        }

        return hunks;
    }

    private static DiffHunk MakeHunk(List<(char Kind, int Old, int New)> ops, int start, int end, List<string> a, List<string> b)
    {
        var lines = new List<string>(end - start);
        int oldCount = 0, newCount = 0;
        for (var k = start; k < end; k++)
        {
            var (kind, oldIndex, newIndex) = ops[k];
            switch (kind)
            {
                case ' ':
                    lines.Add(" " + a[oldIndex]);
                    oldCount++;
                    newCount++;
                    break;
                case '-':
                    lines.Add("-" + a[oldIndex]);
                    oldCount++;
                    break;
                default:
                    lines.Add("+" + b[newIndex]);
                    newCount++;
                    break;
            }
        }

        var first = ops[start];
        // Unified diff convention: an empty side starts at the line before it.
        var oldStart = oldCount == 0 ? first.Old : first.Old + 1;
        var newStart = newCount == 0 ? first.New : first.New + 1;
        return new DiffHunk(oldStart, oldCount, newStart, newCount, lines);
    }
}
