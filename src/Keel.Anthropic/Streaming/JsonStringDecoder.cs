using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Keel.Anthropic.Streaming;

/// <summary>
/// Turns the raw bytes of a JSON string value (between its quotes, possibly in many segments, possibly
/// escaped) into a .NET string of exactly the right size: one pass counts the characters, a second writes
/// them into the new string. No intermediate copy of the value is made, whatever its size; bytes that are
/// not valid UTF-8 become U+FFFD.
/// </summary>
internal static class JsonStringDecoder
{
    private const int WindowBytes = 16 * 1024;

    /// <param name="decoded">
    /// Told, while the string is written, the position in <paramref name="value"/> before which no byte will be
    /// read again (paged data is given back there).
    /// </param>
    /// <exception cref="FormatException">An escape sequence is cut or unknown (the JSON reader has normally rejected it already).</exception>
    public static string Decode(ReadOnlySequence<byte> value, bool escaped, Action<SequencePosition>? decoded = null)
    {
        if (value.IsEmpty)
        {
            return string.Empty;
        }

        if (!escaped && value.IsSingleSegment)
        {
            return Encoding.UTF8.GetString(value.FirstSpan);
        }

        var length = Transcode(value, escaped, [], null);
        return string.Create(length, (value, escaped, decoded), static (destination, state) => Transcode(state.value, state.escaped, destination, state.decoded));
    }

    /// <summary>Decodes into <paramref name="destination"/>, or only counts when it is empty; returns the number of characters.</summary>
    private static int Transcode(ReadOnlySequence<byte> source, bool escaped, Span<char> destination, Action<SequencePosition>? decoded)
    {
        var counting = destination.IsEmpty;
        var window = ArrayPool<byte>.Shared.Rent(WindowBytes);
        var scratch = counting ? ArrayPool<char>.Shared.Rent(WindowBytes) : null;
        try
        {
            var written = 0;
            var carried = 0;
            var position = source.Start;
            var remaining = source.Length;
            while (true)
            {
                var fill = (int)Math.Min(window.Length - carried, remaining);
                source.Slice(position, fill).CopyTo(window.AsSpan(carried));
                position = source.GetPosition(fill, position);
                remaining -= fill;
                if (!counting)
                {
                    // The bytes before the position are in the window now (or written already).
                    decoded?.Invoke(position);
                }

                var final = remaining == 0;
                var bytes = window.AsSpan(0, carried + fill);
                var consumed = Step(bytes, final, escaped, counting ? scratch : destination, counting, ref written);
                carried = bytes.Length - consumed;
                if (final)
                {
                    if (carried > 0)
                    {
                        throw new FormatException("a JSON string ends inside an escape sequence");
                    }

                    return written;
                }

                // An escape or UTF-8 sequence cut by the window's end goes round again with the next bytes.
                bytes[consumed..].CopyTo(window);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(window);
            if (scratch is not null)
            {
                ArrayPool<char>.Shared.Return(scratch);
            }
        }
    }

    /// <summary>Decodes what it can of <paramref name="bytes"/>; returns how many bytes it consumed.</summary>
    private static int Step(ReadOnlySpan<byte> bytes, bool final, bool escaped, Span<char> output, bool counting, ref int written)
    {
        var i = 0;
        while (i < bytes.Length)
        {
            var rest = bytes[i..];
            var backslash = escaped ? rest.IndexOf((byte)'\\') : -1;
            if (backslash != 0)
            {
                var run = backslash < 0 ? rest : rest[..backslash];
                var target = counting ? output : output[written..];
                var status = Utf8.ToUtf16(run, target, out var read, out var wrote, replaceInvalidSequences: true, isFinalBlock: backslash >= 0 || final);
                written += wrote;
                i += read;
                if (read < run.Length)
                {
                    if (status == System.Buffers.OperationStatus.NeedMoreData)
                    {
                        return i;
                    }

                    throw new InvalidOperationException("the decoded string did not fit the counted length");
                }

                continue;
            }

            if (rest.Length < 2 || (rest[1] == (byte)'u' && rest.Length < 6))
            {
                if (final)
                {
                    throw new FormatException("a JSON string ends inside an escape sequence");
                }

                return i;
            }

            char c;
            var length = 2;
            switch (rest[1])
            {
                case (byte)'"': c = '"'; break;
                case (byte)'\\': c = '\\'; break;
                case (byte)'/': c = '/'; break;
                case (byte)'b': c = '\b'; break;
                case (byte)'f': c = '\f'; break;
                case (byte)'n': c = '\n'; break;
                case (byte)'r': c = '\r'; break;
                case (byte)'t': c = '\t'; break;
                case (byte)'u':
                    c = (char)(Hex(rest[2]) << 12 | Hex(rest[3]) << 8 | Hex(rest[4]) << 4 | Hex(rest[5]));
                    length = 6;
                    break;
                default:
                    throw new FormatException($"unknown escape '\\{(char)rest[1]}' in a JSON string");
            }

            // Surrogate pairs arrive as two \u escapes and are written as the two UTF-16 units they are.
            if (!counting)
            {
                output[written] = c;
            }

            written++;
            i += length;
        }

        return i;
    }

    private static int Hex(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => throw new FormatException("a \\u escape with a non-hex digit in a JSON string"),
    };
}
