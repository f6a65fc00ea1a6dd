namespace Keel.Core.Commands;

/// <summary>A prompt of the form <c>/name args</c>, split into name and arguments.</summary>
public readonly record struct SlashCommandLine(string Name, string Arguments)
{
    /// <summary>False for text that is not a command (no leading slash, or a path like <c>/usr/bin</c>).</summary>
    public static bool TryParse(string text, out SlashCommandLine line)
    {
        line = default;
        var trimmed = text.AsSpan().Trim();
        if (trimmed.Length < 2 || trimmed[0] != '/')
        {
            return false;
        }

        var end = 1;
        while (end < trimmed.Length && !char.IsWhiteSpace(trimmed[end]))
        {
            end++;
        }

        var name = trimmed[1..end];
        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c is '-' or '_' or ':' or '.'))
            {
                return false;
            }
        }

        line = new SlashCommandLine(name.ToString(), trimmed[end..].Trim().ToString());
        return true;
    }
}
