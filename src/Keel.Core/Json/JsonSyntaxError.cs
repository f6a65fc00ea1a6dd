using System.Text;
using System.Text.Json;

namespace Keel.Core.Json;

/// <summary>
/// Where a JSON document broke and what a person would call the mistake, read from the text itself.
/// The parser's own message is not shown: in the Native AOT build it is a resource key
/// (<c>FoundInvalidCharacter, o LineNumber: 3 | BytePositionInLine: 2</c>), which tells a user nothing.
/// </summary>
public sealed record JsonSyntaxError(long Line, long Column, string What)
{
    /// <summary><c>path:line:column: what is wrong</c>, the form editors and compilers use.</summary>
    public string At(string path) => $"{path}:{Line}:{Column}: {What}";

    public static JsonSyntaxError From(JsonException exception, ReadOnlySpan<byte> utf8)
    {
        var line = (exception.LineNumber ?? 0) + 1;
        var byteInLine = (int)Math.Max(0, exception.BytePositionInLine ?? 0);
        var lineStart = LineStart(utf8, line);
        var offset = Math.Min(utf8.Length, lineStart + byteInLine);
        // A misspelt literal (tru, nul) is reported after its letters: point at the word instead.
        var wordStart = offset;
        while (wordStart > lineStart && char.IsAsciiLetter((char)utf8[wordStart - 1]))
        {
            wordStart--;
        }

        if (wordStart == lineStart || utf8[wordStart - 1] != (byte)'"')
        {
            offset = wordStart;
        }

        var column = Encoding.UTF8.GetCharCount(utf8[lineStart..offset]) + 1;
        return new JsonSyntaxError(line, column, Describe(utf8, offset));
    }

    private static string Describe(ReadOnlySpan<byte> utf8, int offset)
    {
        var rest = utf8[offset..];
        var at = SkipSpace(rest);
        if (at >= rest.Length)
        {
            return PreviousSignificant(utf8, offset) == (byte)','
                ? "a comma with nothing after it at the end of the file"
                : "the file ends before the JSON is complete (a missing '}', ']' or '\"'?)";
        }

        var found = rest[at];
        if (found != (byte)':' && AfterPropertyName(utf8[..offset]))
        {
            return "a missing ':' after the property name";
        }

        if ((found == (byte)'}' || found == (byte)']') && PreviousSignificant(utf8, offset + at) == (byte)',')
        {
            return $"a trailing comma before '{(char)found}'";
        }

        if (found == (byte)'\'')
        {
            return "a string in single quotes; JSON needs double quotes";
        }

        if (found == (byte)'"' && PreviousSignificant(utf8, offset + at) is (byte)'"' or (byte)'}' or (byte)']' or (byte)'e' or (byte)'l' or (byte)'0' or (byte)'1' or (byte)'2' or (byte)'3' or (byte)'4' or (byte)'5' or (byte)'6' or (byte)'7' or (byte)'8' or (byte)'9')
        {
            return "a missing comma before this value";
        }

        var word = Word(rest[at..]);
        return word.Length > 1 ? $"unexpected text '{word}'" : $"unexpected character '{word}'";
    }

    /// <summary>True when the text ends inside an object right after a property name (a string that followed '{' or ',').</summary>
    private static bool AfterPropertyName(ReadOnlySpan<byte> before)
    {
        var objects = new Stack<bool>();
        var inString = false;
        var escaped = false;
        var stringIsKey = false;
        var keyPending = false;
        byte previous = 0;
        foreach (var b in before)
        {
            if (inString)
            {
                if (escaped)
                {
                    escaped = false;
                }
                else if (b == (byte)'\\')
                {
                    escaped = true;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                    keyPending = stringIsKey;
                    previous = b;
                }

                continue;
            }

            switch (b)
            {
                case (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n':
                    continue;
                case (byte)'"':
                    inString = true;
                    stringIsKey = objects.TryPeek(out var inObject) && inObject && previous is (byte)'{' or (byte)',';
                    break;
                case (byte)'{' or (byte)'[':
                    objects.Push(b == (byte)'{');
                    keyPending = false;
                    break;
                case (byte)'}' or (byte)']':
                    objects.TryPop(out _);
                    keyPending = false;
                    break;
                default:
                    keyPending = false;
                    break;
            }

            previous = b;
        }

        return keyPending && !inString;
    }

    private static int LineStart(ReadOnlySpan<byte> utf8, long line)
    {
        var start = 0;
        for (var n = 1L; n < line; n++)
        {
            var next = utf8[start..].IndexOf((byte)'\n');
            if (next < 0)
            {
                return start;
            }

            start += next + 1;
        }

        return start;
    }

    private static int SkipSpace(ReadOnlySpan<byte> span)
    {
        var i = 0;
        while (i < span.Length && span[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            i++;
        }

        return i;
    }

    private static byte PreviousSignificant(ReadOnlySpan<byte> utf8, int before)
    {
        for (var i = Math.Min(before, utf8.Length) - 1; i >= 0; i--)
        {
            if (utf8[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return utf8[i];
            }
        }

        return 0;
    }

    /// <summary>The offending token, short enough for one line: a run of letters and digits, or one character.</summary>
    private static string Word(ReadOnlySpan<byte> span)
    {
        var length = 0;
        while (length < span.Length && length < 24 && (char.IsAsciiLetterOrDigit((char)span[length]) || span[length] == (byte)'_'))
        {
            length++;
        }

        if (length == 0)
        {
            // One character, whole even when it takes several UTF-8 bytes.
            length = Math.Min(span.Length, span[0] < 0x80 ? 1 : span[0] >= 0xF0 ? 4 : span[0] >= 0xE0 ? 3 : 2);
        }

        return Encoding.UTF8.GetString(span[..length]);
    }
}
