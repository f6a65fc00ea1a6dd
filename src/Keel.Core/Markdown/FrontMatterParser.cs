namespace Keel.Core.Markdown;

/// <summary>Reads the lines between the <c>---</c> fences into values.</summary>
internal static class FrontMatterParser
{
    public static void Read(ReadOnlySpan<string> lines, Dictionary<string, FrontMatterValue> values)
    {
        var i = 0;
        while (i < lines.Length)
        {
            var line = lines[i];
            i++;
            if (line.Length == 0 || char.IsWhiteSpace(line[0]) || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim();
            var rest = StripComment(line[(colon + 1)..]).Trim();
            var indented = new List<string>();
            while (i < lines.Length && (lines[i].Length == 0 || char.IsWhiteSpace(lines[i][0]) || lines[i].StartsWith("- ", StringComparison.Ordinal)))
            {
                indented.Add(lines[i]);
                i++;
            }

            values[key] = Value(rest, indented);
        }
    }

    private static FrontMatterValue Value(string rest, List<string> indented)
    {
        if (rest.StartsWith('|') || rest.StartsWith('>'))
        {
            var folded = rest.StartsWith('>');
            var parts = indented.Select(static l => l.Trim()).ToList();
            while (parts.Count > 0 && parts[^1].Length == 0)
            {
                parts.RemoveAt(parts.Count - 1);
            }

            return new FrontMatterValue(string.Join(folded ? " " : "\n", parts));
        }

        if (rest.StartsWith('[') && rest.EndsWith(']'))
        {
            // The text stays as written: argument-hint: [file] is shown as "[file]".
            return new FrontMatterValue(rest, SplitFlow(rest[1..^1]));
        }

        if (rest.Length == 0)
        {
            var items = indented
                .Select(static l => l.Trim())
                .Where(static l => l.StartsWith("- ", StringComparison.Ordinal) || l == "-")
                .Select(static l => Unquote(StripComment(l[1..]).Trim()))
                .Where(static l => l.Length > 0)
                .ToList();
            if (items.Count > 0)
            {
                return new FrontMatterValue(string.Join(", ", items), items);
            }

            return new FrontMatterValue(string.Join('\n', indented.Select(static l => l.Trim()).Where(static l => l.Length > 0)));
        }

        // A plain scalar may continue on indented lines.
        var text = Unquote(rest);
        var more = indented.Select(static l => l.Trim()).Where(static l => l.Length > 0).ToList();
        return new FrontMatterValue(more.Count == 0 ? text : text + " " + string.Join(' ', more));
    }

    private static List<string> SplitFlow(string inner)
    {
        var items = new List<string>();
        var depth = 0;
        var quote = '\0';
        var start = 0;
        for (var i = 0; i <= inner.Length; i++)
        {
            var c = i < inner.Length ? inner[i] : ',';
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')' && depth > 0)
            {
                depth--;
            }
            else if (i == inner.Length || (c == ',' && depth == 0))
            {
                var item = Unquote(inner[start..i].Trim());
                if (item.Length > 0)
                {
                    items.Add(item);
                }

                start = i + 1;
            }
        }

        return items;
    }

    private static string Unquote(string text)
    {
        if (text.Length >= 2 && ((text[0] == '"' && text[^1] == '"') || (text[0] == '\'' && text[^1] == '\'')))
        {
            var inner = text[1..^1];
            return text[0] == '"'
                ? inner.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal)
                : inner.Replace("''", "'", StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>A <c> #</c> starts a comment outside quotes.</summary>
    private static string StripComment(string text)
    {
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'' && text[..i].Trim().Length == 0)
            {
                quote = c;
            }
            else if (c == '#' && i > 0 && char.IsWhiteSpace(text[i - 1]))
            {
                return text[..i];
            }
        }

        return text;
    }
}
