namespace Keel.Core.Permissions;

/// <summary>A parsed <c>Tool</c> or <c>Tool(spec)</c> rule as users write them in flags and settings.</summary>
public sealed record ToolRule(string ToolName, string? Spec, string Text)
{
    public static ToolRule Parse(string text)
    {
        var trimmed = text.Trim();
        var open = trimmed.IndexOf('(', StringComparison.Ordinal);
        if (open > 0 && trimmed.EndsWith(')'))
        {
            return new ToolRule(trimmed[..open].Trim(), trimmed[(open + 1)..^1], trimmed);
        }

        return new ToolRule(trimmed, null, trimmed);
    }

    /// <summary>Splits a flag value: rules separated by commas or spaces, parentheses kept whole.</summary>
    public static IEnumerable<ToolRule> ParseList(string value)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i <= value.Length; i++)
        {
            var atEnd = i == value.Length;
            var c = atEnd ? ',' : value[i];
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth = Math.Max(0, depth - 1);
            }
            else if ((c == ',' || c == ' ') && depth == 0)
            {
                var piece = value[start..i].Trim();
                if (piece.Length > 0)
                {
                    yield return Parse(piece);
                }

                start = i + 1;
            }
        }
    }
}
