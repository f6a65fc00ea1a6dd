using System.Text;

namespace Keel.Mcp.Config;

/// <summary>
/// Expands <c>${VAR}</c> and <c>${VAR:-default}</c>. An unset variable without a default stays
/// literally in the text and is reported, so a missing secret is visible rather than silently empty.
/// </summary>
public static class McpEnvExpander
{
    public static string Expand(string text, Func<string, string?> getEnv, ICollection<string> missing)
    {
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var start = text.IndexOf("${", i, StringComparison.Ordinal);
            var end = start < 0 ? -1 : text.IndexOf('}', start + 2);
            if (start < 0 || end < 0)
            {
                result.Append(text, i, text.Length - i);
                break;
            }

            result.Append(text, i, start - i);
            var body = text.AsSpan(start + 2, end - start - 2);
            var split = body.IndexOf(":-", StringComparison.Ordinal);
            var name = (split < 0 ? body : body[..split]).ToString();
            var value = getEnv(name);
            if (!string.IsNullOrEmpty(value))
            {
                result.Append(value);
            }
            else if (split >= 0)
            {
                result.Append(body[(split + 2)..]);
            }
            else
            {
                missing.Add(name);
                result.Append(text, start, end - start + 1);
            }

            i = end + 1;
        }

        return result.ToString();
    }
}
