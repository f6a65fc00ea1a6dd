namespace Keel.Providers.Bedrock;

/// <summary>The AWS shared config/credentials file format: <c>[section]</c> headers and <c>key = value</c> lines.</summary>
internal static class IniFile
{
    public static Dictionary<string, Dictionary<string, string>> Parse(string text)
    {
        var sections = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        string? lastKey = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';')
            {
                continue;
            }

            if (trimmed[0] == '[' && trimmed.EndsWith(']'))
            {
                var name = trimmed[1..^1].Trim();
                current = sections.TryGetValue(name, out var existing) ? existing : sections[name] = new(StringComparer.OrdinalIgnoreCase);
                lastKey = null;
                continue;
            }

            if (current is null)
            {
                continue;
            }

            // An indented line continues the previous value (nested s3 = ... blocks); kept joined.
            if (char.IsWhiteSpace(line[0]) && lastKey is not null)
            {
                current[lastKey] = current[lastKey] + "\n" + trimmed;
                continue;
            }

            var eq = trimmed.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            lastKey = trimmed[..eq].Trim();
            current[lastKey] = trimmed[(eq + 1)..].Trim();
        }

        return sections;
    }
}
