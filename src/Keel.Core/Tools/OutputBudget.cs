using Keel.Core.Messages;

namespace Keel.Core.Tools;

/// <summary>
/// Caps a tool result: text beyond the tool's limit is saved under the session directory and
/// the model gets the head, the tail and the path to read the rest.
/// </summary>
public static class OutputBudget
{
    public static ToolResult Apply(ToolResult result, int maxChars, string toolUseId, ToolSession session)
    {
        var text = result.Text;
        if (text.Length <= maxChars || result.Content.Any(static b => b is not TextBlock))
        {
            return result;
        }

        var directory = Path.Combine(session.SessionDirectory, "tool-results");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{SafeName(toolUseId)}.txt");
        File.WriteAllText(path, text);

        var preview = Preview(text, maxChars, path);
        return result with { Content = [new TextBlock(preview)] };
    }

    public static string Preview(string text, int maxChars, string path)
    {
        var head = Math.Max(0, (maxChars * 2) / 3);
        var tail = Math.Max(0, maxChars - head);
        var omitted = text.Length - head - tail;
        var omittedLines = CountLines(text.AsSpan(head, omitted));
        return string.Concat(
            text.AsSpan(0, head),
            $"\n\n... [{omitted:N0} characters, {omittedLines:N0} lines omitted; the full output is saved at {path} — read it with the Read tool using offset/limit] ...\n\n",
            text.AsSpan(text.Length - tail));
    }

    private static int CountLines(ReadOnlySpan<char> span) => span.Count('\n');

    private static string SafeName(string id)
    {
        var chars = id.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(chars[i]) && chars[i] is not '_' and not '-')
            {
                chars[i] = '_';
            }
        }

        return chars.Length == 0 ? "result" : new string(chars);
    }
}
