using System.Text;

namespace Keel.Tools.Shell.Execution;

/// <summary>
/// Collects one output stream of a command without holding all of it: the first <c>limit</c> characters
/// stay in memory; past that, everything streams to a spill file while only a tail window is kept.
/// Appends may race with <see cref="Finish"/> when a reader is abandoned; late chunks are dropped.
/// </summary>
internal sealed class OutputCapture : IDisposable
{
    private readonly int _limit;
    private readonly string _spillPath;
    private readonly StringBuilder _head = new();
    private readonly char[] _tail;
    private readonly Lock _gate = new();
    private int _tailEnd;
    private int _tailCount;
    private TextWriter? _spill;
    private string? _spillError;
    private bool _closed;
    private Action<string>? _divert;

    public OutputCapture(int limit, string spillPath)
    {
        _limit = limit;
        _spillPath = spillPath;
        _tail = new char[(limit / 2) + 1];
    }

    public long TotalChars { get; private set; }

    public long TotalLines { get; private set; }

    public void Append(ReadOnlySpan<char> chunk)
    {
        lock (_gate)
        {
            if (_divert is { } divert && !chunk.IsEmpty)
            {
                divert(chunk.ToString());
                return;
            }

            if (_closed || chunk.IsEmpty)
            {
                return;
            }

            TotalChars += chunk.Length;
            TotalLines += chunk.Count('\n');
            if (_spill is null)
            {
                var room = _limit - _head.Length;
                if (chunk.Length <= room)
                {
                    _head.Append(chunk);
                    return;
                }

                _head.Append(chunk[..room]);
                chunk = chunk[room..];
                OpenSpill();
                PushTail(_head.ToString(_head.Length - Math.Min(_head.Length, _tail.Length), Math.Min(_head.Length, _tail.Length)));
            }

            _spill!.Write(chunk);
            PushTail(chunk);
        }
    }

    /// <summary>
    /// Stops capturing and renders the stream within <paramref name="budget"/> characters: all of it, or
    /// a head + tail preview with the omitted amount and where the full text was saved.
    /// </summary>
    public CapturedText Finish(int budget)
    {
        lock (_gate)
        {
            _closed = true;
            if (_spill is null && TotalChars <= budget)
            {
                return new CapturedText(_head.ToString(), SpillPath: null);
            }

            var streamed = _spill is not null;
            if (!streamed)
            {
                OpenSpill();
            }

            _spill!.Dispose();
            var half = Math.Max((budget - Math.Min(300, budget / 4)) / 2, 1);
            var head = HeadPreview(half);
            var tail = streamed ? TailPreview(half) : TailOf(_head, half);
            return new CapturedText(Preview(head, tail), _spillError is null ? _spillPath : null);
        }
    }

    /// <summary>
    /// The command moved to the background: what was captured so far goes to <paramref name="sink"/> (the head, or
    /// where the spilled part is plus the tail), and so does every later chunk, even after this capture is disposed.
    /// </summary>
    public void Divert(Action<string> sink)
    {
        lock (_gate)
        {
            if (_spill is null)
            {
                sink(_head.ToString());
            }
            else
            {
                _spill.Flush();
                sink($"[... the first {TotalChars - _tailCount} characters are in {_spillPath} ...]\n" + TailPreview(_tailCount));
            }

            _divert = sink;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _closed = true;
            _spill?.Dispose();
        }
    }

    private void OpenSpill()
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_spillPath)!);
            _spill = new StreamWriter(_spillPath, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _spillError = ex.Message;
            _spill = TextWriter.Null;
        }

        _spill.Write(_head);
    }

    private void PushTail(ReadOnlySpan<char> chars)
    {
        if (chars.Length >= _tail.Length)
        {
            chars[^_tail.Length..].CopyTo(_tail);
            _tailEnd = 0;
            _tailCount = _tail.Length;
            return;
        }

        var first = Math.Min(chars.Length, _tail.Length - _tailEnd);
        chars[..first].CopyTo(_tail.AsSpan(_tailEnd));
        chars[first..].CopyTo(_tail);
        _tailEnd = (_tailEnd + chars.Length) % _tail.Length;
        _tailCount = Math.Min(_tailCount + chars.Length, _tail.Length);
    }

    private string HeadPreview(int length)
    {
        var text = _head.ToString(0, Math.Min(length, _head.Length));
        var cut = text.LastIndexOf('\n');
        return cut >= text.Length / 2 ? text[..(cut + 1)] : text;
    }

    private string TailPreview(int length)
    {
        var ordered = new char[_tailCount];
        var start = (_tailEnd - _tailCount + _tail.Length) % _tail.Length;
        var first = Math.Min(_tailCount, _tail.Length - start);
        _tail.AsSpan(start, first).CopyTo(ordered);
        _tail.AsSpan(0, _tailCount - first).CopyTo(ordered.AsSpan(first));
        return SnapTail(new string(ordered, Math.Max(0, ordered.Length - length), Math.Min(length, ordered.Length)));
    }

    private static string TailOf(StringBuilder text, int length)
    {
        var take = Math.Min(length, text.Length);
        return SnapTail(text.ToString(text.Length - take, take));
    }

    // Start the tail on a line boundary when one is near, so the preview shows whole lines.
    private static string SnapTail(string text)
    {
        var cut = text.IndexOf('\n');
        return cut >= 0 && cut < text.Length / 2 ? text[(cut + 1)..] : text;
    }

    private string Preview(string head, string tail)
    {
        var omittedChars = TotalChars - head.Length - tail.Length;
        var omittedLines = Math.Max(0, TotalLines - head.AsSpan().Count('\n') - tail.AsSpan().Count('\n'));
        var where = _spillError is null
            ? $"full output ({TotalChars} characters, {TotalLines} lines) saved to {_spillPath} - use Read with offset/limit, or Grep, on that file to see the rest"
            : $"the full output could not be saved: {_spillError}";
        var separator = head.EndsWith('\n') ? string.Empty : "\n";
        return $"{head}{separator}[... {omittedChars} characters ({omittedLines} lines) omitted; {where} ...]\n{tail}";
    }
}
