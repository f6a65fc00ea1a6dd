using Keel.Core.Text;

namespace Keel.Core.Checkpoints;

/// <summary>
/// Counts added and removed lines between two texts, as a diffstat would: the common head and tail are
/// skipped and the middle compared as multisets of lines (exact for insertions and deletions, close for moves).
/// </summary>
public static class LineChanges
{
    public static (int Insertions, int Deletions) Count(string before, string after)
    {
        if (string.Equals(before, after, StringComparison.Ordinal))
        {
            return (0, 0);
        }

        var old = Lines(before);
        var neu = Lines(after);
        var (head, tail) = CommonLines.Ends(old, neu);

        var removed = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = head; i < old.Length - tail; i++)
        {
            removed[old[i]] = removed.GetValueOrDefault(old[i]) + 1;
        }

        var insertions = 0;
        var deletions = old.Length - tail - head;
        for (var i = head; i < neu.Length - tail; i++)
        {
            if (removed.GetValueOrDefault(neu[i]) is > 0 and var left)
            {
                removed[neu[i]] = left - 1;
                deletions--;
            }
            else
            {
                insertions++;
            }
        }

        return (insertions, deletions);
    }

    private static string[] Lines(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var lines = text.ReplaceLineEndings("\n").Split('\n');
        // A final newline ends the last line; it does not start another.
        return text.EndsWith('\n') ? lines[..^1] : lines;
    }
}
