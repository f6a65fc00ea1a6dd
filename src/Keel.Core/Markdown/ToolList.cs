namespace Keel.Core.Markdown;

/// <summary>
/// Splits an <c>allowed-tools</c> value such as <c>Bash(git add:*), Bash(git commit:*) Read</c>:
/// commas and whitespace separate entries except inside parentheses.
/// </summary>
public static class ToolList
{
    public static IReadOnlyList<string> Split(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var items = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ',';
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && depth > 0)
            {
                depth--;
            }
            else if (i == text.Length || (depth == 0 && (c == ',' || char.IsWhiteSpace(c))))
            {
                var item = text[start..i].Trim().Trim('"', '\'');
                if (item.Length > 0)
                {
                    items.Add(item);
                }

                start = i + 1;
            }
        }

        return items;
    }
}
