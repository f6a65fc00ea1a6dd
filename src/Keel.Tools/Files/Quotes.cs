namespace Keel.Tools.Files;

/// <summary>
/// Curly/straight quote folding for Edit: models often type straight quotes where a file has
/// typographic ones (and the reverse). Folding maps one char to one char, so indices carry over.
/// </summary>
internal static class Quotes
{
    public static string Fold(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            span[i] = source[i] switch
            {
                '\u2018' or '\u2019' => '\'',
                '\u201C' or '\u201D' => '"',
                var c => c,
            };
        }
    });

    /// <summary>Rewrites quotes in <paramref name="replacement"/> in the style the matched original text uses.</summary>
    public static string MatchStyle(string original, string replacement)
    {
        var curlyDouble = original.Contains('\u201C', StringComparison.Ordinal) || original.Contains('\u201D', StringComparison.Ordinal);
        var curlySingle = original.Contains('\u2018', StringComparison.Ordinal) || original.Contains('\u2019', StringComparison.Ordinal);
        var straightDouble = original.Contains('"', StringComparison.Ordinal);
        var straightSingle = original.Contains('\'', StringComparison.Ordinal);
        var chars = replacement.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            if (c == '"' && curlyDouble && !straightDouble)
            {
                chars[i] = Opens(chars, i) ? '\u201C' : '\u201D';
            }
            else if (c == '\'' && curlySingle && !straightSingle)
            {
                chars[i] = Opens(chars, i) ? '\u2018' : '\u2019';
            }
            else if (c is '\u201C' or '\u201D' && straightDouble && !curlyDouble)
            {
                chars[i] = '"';
            }
            else if (c is '\u2018' or '\u2019' && straightSingle && !curlySingle)
            {
                chars[i] = '\'';
            }
        }

        return new string(chars);
    }

    // An opening quote follows the start, whitespace or an opening bracket; anything else closes (or is an apostrophe).
    private static bool Opens(char[] chars, int index) =>
        index == 0 || char.IsWhiteSpace(chars[index - 1]) || chars[index - 1] is '(' or '[' or '{' or '\u2014' or '\u2013';
}
