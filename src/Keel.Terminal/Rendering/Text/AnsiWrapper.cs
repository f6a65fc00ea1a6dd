using System.Text;

namespace Keel.Terminal.Rendering.Text;

/// <summary>
/// Wraps or truncates one styled line to a column width. Escapes take no columns; a style still open at a
/// break is closed at the end of the line and reopened on the next, so each line stands alone on screen.
/// </summary>
public static class AnsiWrapper
{
    /// <summary>Appends the wrapped lines of <paramref name="text"/> (no '\n' in it) to <paramref name="output"/>.</summary>
    /// <param name="words">Break at spaces where possible (prose); false breaks anywhere (output) unless <paramref name="tokens"/>.</param>
    /// <param name="tokens">With <paramref name="words"/> false: break after a space or punctuation where possible (code), keeping every character.</param>
    public static void Wrap(string text, int width, ICollection<string> output, string prefix = "", string? continuation = null, bool words = true, bool tokens = false)
    {
        continuation ??= prefix;
        text = DisplayWidth.ExpandTabs(text);
        var limit = Math.Max(1, width - DisplayWidth.Of(prefix));
        var continuationLimit = Math.Max(1, width - DisplayWidth.Of(continuation));
        var lead = prefix;
        var line = new StringBuilder();
        var lineWidth = 0;
        var textStart = 0;
        var active = string.Empty;
        var breakAt = -1;
        var breakWidth = 0;
        var breakActive = string.Empty;
        var breakSkip = 1;
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '\e')
            {
                var end = DisplayWidth.SkipEscape(text, i);
                var sequence = text[i..end];
                line.Append(sequence);
                if (sequence.EndsWith('m'))
                {
                    active = sequence is "\e[0m" or "\e[m" ? string.Empty : active + sequence;
                }

                i = end;
                continue;
            }

            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used);
            var runeWidth = DisplayWidth.OfRune(rune);
            var isSpace = words && rune.Value == ' ';
            if (lineWidth + runeWidth > limit && lineWidth > 0)
            {
                if (isSpace)
                {
                    // The break falls on this space: end the line here and drop the space.
                    Emit(output, lead, line.ToString(), active);
                    line.Clear().Append(active);
                    lineWidth = 0;
                    textStart = line.Length;
                    (lead, limit, breakAt) = (continuation, continuationLimit, -1);
                    i += used;
                    continue;
                }

                // A token break far back would leave most of the line empty: code then breaks where it must.
                if (breakAt > textStart && (breakSkip == 1 || breakWidth * 3 >= limit))
                {
                    var head = line.ToString(0, breakAt);
                    var tail = line.ToString(breakAt + breakSkip, line.Length - breakAt - breakSkip);
                    Emit(output, lead, head, breakActive);
                    line.Clear().Append(breakActive);
                    textStart = line.Length;
                    line.Append(tail);
                    lineWidth -= breakWidth + breakSkip;
                }
                else
                {
                    Emit(output, lead, line.ToString(), active);
                    line.Clear().Append(active);
                    textStart = line.Length;
                    lineWidth = 0;
                }

                (lead, limit, breakAt) = (continuation, continuationLimit, -1);
            }

            if (isSpace)
            {
                (breakAt, breakWidth, breakActive, breakSkip) = (line.Length, lineWidth, active, 1);
            }

            line.Append(text, i, used);
            lineWidth += runeWidth;
            i += used;
            if (tokens && !words && EndsToken(rune))
            {
                // Code breaks after this character, which stays on the line.
                (breakAt, breakWidth, breakActive, breakSkip) = (line.Length, lineWidth, active, 0);
            }
        }

        Emit(output, lead, line.ToString(), string.Empty);
    }

    private static bool EndsToken(Rune rune) => rune.Value is ' ' or ',' or ';' or '.' or '(' or ')' or '[' or ']' or '{' or '}'
        or '+' or '-' or '*' or '/' or '=' or '<' or '>' or '&' or '|' or ':' or '!' or '?' or '%' or '^';

    public static IReadOnlyList<string> Wrap(string text, int width, bool words = true, bool tokens = false)
    {
        var output = new List<string>();
        Wrap(text, width, output, words: words, tokens: tokens);
        return output;
    }

    /// <summary>Cuts <paramref name="text"/> to <paramref name="width"/> columns, ending with an ellipsis when anything was cut.</summary>
    public static string Truncate(string text, int width, string ellipsis = "…")
    {
        text = DisplayWidth.ExpandTabs(text);
        if (DisplayWidth.Of(text) <= width)
        {
            return text;
        }

        var limit = Math.Max(0, width - DisplayWidth.Of(ellipsis));
        var builder = new StringBuilder();
        var used = 0;
        var styled = false;
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '\e')
            {
                var end = DisplayWidth.SkipEscape(text, i);
                builder.Append(text, i, end - i);
                styled = true;
                i = end;
                continue;
            }

            Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var length);
            var runeWidth = DisplayWidth.OfRune(rune);
            if (used + runeWidth > limit)
            {
                break;
            }

            builder.Append(text, i, length);
            used += runeWidth;
            i += length;
        }

        builder.Append(ellipsis);
        if (styled)
        {
            builder.Append(Sgr.Reset);
        }

        return builder.ToString();
    }

    private static void Emit(ICollection<string> output, string lead, string body, string openStyle)
    {
        output.Add(openStyle.Length > 0 ? lead + body + Sgr.Reset : lead + body);
    }
}
