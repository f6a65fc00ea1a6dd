using System.Text;

namespace Keel.Core.Commands;

/// <summary>Splits command arguments the way a shell would: whitespace separates, quotes group, backslash escapes.</summary>
public static class ArgumentSplitter
{
    public static IReadOnlyList<string> Split(string arguments)
    {
        var items = new List<string>();
        var current = new StringBuilder();
        var quote = '\0';
        var inToken = false;
        for (var i = 0; i < arguments.Length; i++)
        {
            var c = arguments[i];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
                else if (c == '\\' && quote == '"' && i + 1 < arguments.Length && arguments[i + 1] is '"' or '\\')
                {
                    current.Append(arguments[++i]);
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inToken = true;
            }
            else if (c == '\\' && i + 1 < arguments.Length)
            {
                current.Append(arguments[++i]);
                inToken = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inToken)
                {
                    items.Add(current.ToString());
                    current.Clear();
                    inToken = false;
                }
            }
            else
            {
                current.Append(c);
                inToken = true;
            }
        }

        if (inToken)
        {
            items.Add(current.ToString());
        }

        return items;
    }
}
