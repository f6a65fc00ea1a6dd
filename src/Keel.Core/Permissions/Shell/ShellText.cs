namespace Keel.Core.Permissions.Shell;

/// <summary>Small text helpers shared by the analyzer and the decision.</summary>
internal static class ShellText
{
    public static string BaseName(string word)
    {
        var slash = word.LastIndexOf('/');
        return slash >= 0 && slash < word.Length - 1 ? word[(slash + 1)..] : word;
    }

    public static bool IsName(ReadOnlySpan<char> text)
    {
        if (text.Length == 0 || !(char.IsAsciiLetter(text[0]) || text[0] == '_'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
