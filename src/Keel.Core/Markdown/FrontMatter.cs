namespace Keel.Core.Markdown;

/// <summary>
/// The flat YAML front matter of a command, skill, agent or output-style file: <c>key: value</c>
/// lines, quoted strings, <c>[a, b]</c> and <c>- item</c> lists, and <c>|</c>/<c>&gt;</c> block
/// text. Nested maps are kept as their raw text; nothing here ever throws on odd input.
/// </summary>
public sealed class FrontMatter
{
    private readonly Dictionary<string, FrontMatterValue> _values;

    private FrontMatter(Dictionary<string, FrontMatterValue> values, string body)
    {
        _values = values;
        Body = body;
    }

    /// <summary>The Markdown after the closing <c>---</c> (the whole text when there is no front matter).</summary>
    public string Body { get; }

    public IEnumerable<string> Keys => _values.Keys;

    /// <summary>Splits <paramref name="text"/> into front matter and body.</summary>
    public static FrontMatter Parse(string text)
    {
        var values = new Dictionary<string, FrontMatterValue>(StringComparer.OrdinalIgnoreCase);
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimStart('\uFEFF');
        if (!normalized.StartsWith("---\n", StringComparison.Ordinal) && normalized.TrimEnd() != "---")
        {
            return new FrontMatter(values, normalized);
        }

        var lines = normalized.Split('\n');
        var close = -1;
        for (var i = 1; i < lines.Length; i++)
        {
            if (lines[i].TrimEnd() == "---")
            {
                close = i;
                break;
            }
        }

        if (close < 0)
        {
            return new FrontMatter(values, normalized);
        }

        FrontMatterParser.Read(lines.AsSpan(1, close - 1), values);
        var body = string.Join('\n', lines.AsSpan(close + 1)!);
        return new FrontMatter(values, body.TrimStart('\n'));
    }

    /// <summary>The value as text (a <c>[a, b]</c> list as written, a <c>- item</c> list joined with ", "); null when absent or empty.</summary>
    public string? Get(string key) => _values.TryGetValue(key, out var value) && value.Text is { Length: > 0 } text ? text : null;

    /// <summary>A list value, or a text value split on commas and whitespace outside parentheses.</summary>
    public IReadOnlyList<string> GetList(string key)
    {
        if (!_values.TryGetValue(key, out var value))
        {
            return [];
        }

        return value.Items ?? ToolList.Split(value.Text);
    }

    /// <summary>true/false (also yes/no, on/off); null when absent or not a boolean.</summary>
    public bool? GetBool(string key) => Get(key)?.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "on" => true,
        "false" or "no" or "off" => false,
        _ => null,
    };
}
