namespace Keel.Core.Permissions;

/// <summary>Iterative (no backtracking blow-up) wildcard matching shared by path, domain and command rules.</summary>
internal static class Wildcard
{
    /// <summary>
    /// True when <paramref name="text"/> matches <paramref name="pattern"/>, where <c>*</c> matches any run of
    /// characters and, if <paramref name="questionMarkMatchesOne"/>, <c>?</c> matches one character
    /// (command rules take <c>?</c> literally).
    /// </summary>
    public static bool IsMatch(string pattern, string text, bool questionMarkMatchesOne)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] != '*' && (pattern[p] == text[t] || (questionMarkMatchesOne && pattern[p] == '?')))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
