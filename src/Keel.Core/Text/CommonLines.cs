namespace Keel.Core.Text;

/// <summary>How many lines two versions of a text share at the start and, after that, at the end: the changed middle lies between.</summary>
public static class CommonLines
{
    public static (int Head, int Tail) Ends(string[] before, string[] after)
    {
        var head = 0;
        while (head < before.Length && head < after.Length && before[head] == after[head])
        {
            head++;
        }

        var tail = 0;
        while (tail < before.Length - head && tail < after.Length - head && before[^(tail + 1)] == after[^(tail + 1)])
        {
            tail++;
        }

        return (head, tail);
    }
}
