using System.Text;

namespace Keel.Tools.Files;

/// <summary>
/// Reads lines <c>start .. start+limit-1</c> of a text stream in constant memory: lines are split as they
/// stream past, a line longer than <see cref="LineFormat.MaxLineChars"/> keeps only its head, and reading
/// stops once the window is shown (then lines are only counted, up to <see cref="MaxCountBytes"/>), once
/// <see cref="MaxScanBytes"/> have been scanned, or once the output reaches <see cref="MaxOutputChars"/>.
/// </summary>
internal static class TextWindow
{
    /// <summary>How far into a file Read looks for the requested lines.</summary>
    public const long MaxScanBytes = 256L * 1024 * 1024;

    /// <summary>How far Read keeps counting lines after the window to report the file's total.</summary>
    public const long MaxCountBytes = 32L * 1024 * 1024;

    /// <summary>The most text one Read returns, however many lines were asked for.</summary>
    public const int MaxOutputChars = 1_000_000;

    private const int BufferChars = 64 * 1024;

    /// <param name="firstLine">The number of the stream's first line (a part of a file an editor sent).</param>
    public static TextWindowResult Read(Stream stream, int start, int limit, CancellationToken cancellationToken, int firstLine = 1)
    {
        var end = (long)start + limit;
        var numbered = new StringBuilder();
        var content = new StringBuilder();
        var line = new StringBuilder();
        var buffer = new char[BufferChars];
        long lineNumber = firstLine;
        long lineChars = 0;
        var lastChar = '\0';
        var shown = 0;
        var stop = TextWindowStop.EndOfFile;
        var endsWithNewline = false;
        var anyRead = false;
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, BufferChars, leaveOpen: true);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var count = reader.Read(buffer, 0, buffer.Length);
            if (count == 0)
            {
                break;
            }

            var span = buffer.AsSpan(0, count);
            anyRead = true;
            endsWithNewline = span[^1] == '\n';
            if (lineNumber >= end)
            {
                // The window is shown: only count what is left.
                lineNumber += span.Count('\n');
            }
            else
            {
                while (true)
                {
                    var newline = span.IndexOf('\n');
                    var piece = newline < 0 ? span : span[..newline];
                    if (lineNumber >= start && line.Length <= LineFormat.MaxLineChars)
                    {
                        line.Append(piece[..(int)Math.Min(piece.Length, LineFormat.MaxLineChars + 1 - line.Length)]);
                    }

                    lineChars += piece.Length;
                    if (!piece.IsEmpty)
                    {
                        lastChar = piece[^1];
                    }

                    if (newline < 0)
                    {
                        break;
                    }

                    if (lineNumber >= start)
                    {
                        Emit(lineNumber, line, lineChars, lineChars > 0 && lastChar == '\r', numbered, content, ref shown, complete: true);
                    }

                    lineNumber++;
                    lineChars = 0;
                    lastChar = '\0';
                    span = span[(newline + 1)..];
                    if (lineNumber >= end)
                    {
                        lineNumber += span.Count('\n');
                        break;
                    }

                    if (numbered.Length >= MaxOutputChars)
                    {
                        break;
                    }
                }
            }

            if (numbered.Length >= MaxOutputChars && lineNumber < end)
            {
                stop = TextWindowStop.OutputCap;
                break;
            }

            var position = stream.CanSeek ? stream.Position : 0;
            if (lineNumber >= end && position > MaxCountBytes)
            {
                stop = TextWindowStop.Counted;
                break;
            }

            if (position > MaxScanBytes)
            {
                stop = TextWindowStop.ScanCap;
                break;
            }
        }

        if (stop != TextWindowStop.OutputCap && lineNumber >= start && lineNumber < end && (lineChars > 0 || line.Length > 0))
        {
            // The last line had no newline (end of file), or the scan cap cut it: show what was read of it.
            Emit(lineNumber, line, lineChars, false, numbered, content, ref shown, complete: stop == TextWindowStop.EndOfFile);
        }

        var seen = stop == TextWindowStop.EndOfFile && anyRead && !endsWithNewline ? lineNumber : lineNumber - 1;
        return new TextWindowResult(numbered.ToString(), content.ToString(), shown, (int)Math.Min(seen, int.MaxValue), stop);
    }

    private static void Emit(long lineNumber, StringBuilder line, long lineChars, bool carriageReturn, StringBuilder numbered, StringBuilder content, ref int shown, bool complete)
    {
        // A CRLF line ends without its CR (the CR may have come in an earlier buffer than the LF).
        var chars = carriageReturn ? lineChars - 1 : lineChars;
        if (carriageReturn && line.Length == lineChars)
        {
            line.Length--;
        }

        var kept = line.Length > LineFormat.MaxLineChars ? LineFormat.MaxLineChars : line.Length;
        numbered.Append(lineNumber.ToString().PadLeft(6)).Append('\t');
        for (var i = 0; i < kept; i++)
        {
            numbered.Append(line[i]);
        }

        if (chars > LineFormat.MaxLineChars)
        {
            numbered.Append("… [line truncated: ").Append(complete ? string.Empty : "at least ").Append(chars).Append(" chars]");
        }

        numbered.Append('\n');
        if (shown > 0)
        {
            content.Append('\n');
        }

        content.Append(line, 0, kept);
        shown++;
        line.Clear();
    }
}
