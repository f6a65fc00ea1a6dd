using System.Text;

namespace Keel.Terminal.Rendering.Markdown;

/// <summary>
/// Splits streamed Markdown into finished blocks without re-reading what came before: a block is finished at a
/// blank line, at its closing code fence, or (for a heading) at its end of line. Only complete lines are
/// classified, so the blocks do not depend on where the deltas were cut. The unfinished tail is rendered from a
/// bounded window, so each call costs O(delta) plus a constant.
/// </summary>
public sealed class MarkdownStream
{
    /// <summary>How much of the unfinished tail the live view renders; the live region only shows its end anyway.</summary>
    public const int LiveWindowChars = 2_000;

    public const int MaxLiveLines = 16;

    private readonly StringBuilder _block = new();
    private readonly StringBuilder _partial = new();
    private readonly List<string> _finished = [];
    private bool _inFence;
    private char _fenceChar;
    private int _fenceLength;
    private string? _fenceInfo;

    /// <summary>Characters scanned or rendered so far; lets tests prove the work is linear in the input.</summary>
    public long WorkUnits { get; private set; }

    /// <summary>Changes whenever the unfinished tail changes, so callers can cache its rendering.</summary>
    public long Version { get; private set; }

    public bool HasTail => _block.Length > 0 || _partial.Length > 0;

    public void Append(string delta)
    {
        WorkUnits += delta.Length;
        Version++;
        var start = 0;
        while (start <= delta.Length)
        {
            var newline = delta.IndexOf('\n', start);
            if (newline < 0)
            {
                _partial.Append(delta, start, delta.Length - start);
                return;
            }

            string line;
            if (_partial.Length > 0)
            {
                _partial.Append(delta, start, newline - start);
                line = _partial.ToString();
                _partial.Clear();
            }
            else
            {
                line = delta[start..newline];
            }

            AddLine(line.TrimEnd('\r'));
            start = newline + 1;
        }
    }

    /// <summary>The message ended: whatever is left becomes the last block.</summary>
    public void Finish()
    {
        Version++;
        if (_partial.Length > 0)
        {
            var line = _partial.ToString();
            _partial.Clear();
            AddLine(line.TrimEnd('\r'));
        }

        CommitBlock();
    }

    /// <summary>Drops the unfinished tail (a retried request starts its answer again).</summary>
    public void Discard()
    {
        Version++;
        _block.Clear();
        _partial.Clear();
        _inFence = false;
    }

    /// <summary>Markdown source of the blocks finished since the last call, in order.</summary>
    public IReadOnlyList<string> TakeFinishedBlocks()
    {
        if (_finished.Count == 0)
        {
            return [];
        }

        var blocks = _finished.ToArray();
        _finished.Clear();
        return blocks;
    }

    /// <summary>The unfinished tail rendered for the live region, at most <see cref="MaxLiveLines"/> lines.</summary>
    public IReadOnlyList<string> RenderTail(MarkdownRenderer renderer, int width)
    {
        if (!HasTail)
        {
            return [];
        }

        var length = _block.Length + _partial.Length;
        var take = Math.Min(length, LiveWindowChars);
        var source = new StringBuilder(take);
        var fromBlock = Math.Max(0, take - _partial.Length);
        source.Append(_block, _block.Length - fromBlock, fromBlock);
        source.Append(_partial, _partial.Length - (take - fromBlock), take - fromBlock);
        var text = source.ToString();
        if (take < length)
        {
            // Start the window at a line boundary so a cut line does not render as garbage.
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            text = newline >= 0 && newline < text.Length - 1 ? text[(newline + 1)..] : text;
        }

        WorkUnits += text.Length;
        if (_inFence)
        {
            // Re-open the fence so the window renders as code even when its opening line is out of view.
            var fence = new string(_fenceChar, _fenceLength);
            var body = take < length ? text : text[(text.IndexOf('\n', StringComparison.Ordinal) + 1)..];
            text = $"{fence}{_fenceInfo}\n{(body.EndsWith('\n') ? body[..^1] : body)}\n{fence}\n";
        }

        var lines = renderer.Render(text, width);
        return lines.Count <= MaxLiveLines ? lines : lines.Skip(lines.Count - MaxLiveLines).ToArray();
    }

    private static int Indent(string line)
    {
        var i = 0;
        while (i < line.Length && line[i] == ' ')
        {
            i++;
        }

        return i;
    }

    private static bool IsHeading(string line) =>
        line.StartsWith('#') && line.TrimStart('#') is var rest && line.Length - rest.Length <= 6 && (rest.Length == 0 || rest[0] is ' ' or '\t');

    private void AddLine(string line)
    {
        if (_inFence)
        {
            _block.Append(line).Append('\n');
            var trimmed = line.Trim();
            if (Indent(line) <= 3 && trimmed.Length >= _fenceLength && trimmed.All(c => c == _fenceChar))
            {
                CommitBlock();
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(line))
        {
            CommitBlock();
            return;
        }

        var indent = Indent(line);
        if (indent <= 3 && TryFence(line.AsSpan(indent)))
        {
            // An unindented fence starts its own block; an indented one belongs to the list item above it.
            if (indent == 0)
            {
                CommitBlock();
            }

            _inFence = true;
            _block.Append(line).Append('\n');
            return;
        }

        if (indent == 0 && IsHeading(line))
        {
            CommitBlock();
            _block.Append(line).Append('\n');
            CommitBlock();
            return;
        }

        _block.Append(line).Append('\n');
    }

    private bool TryFence(ReadOnlySpan<char> text)
    {
        if (text.Length < 3 || text[0] is not ('`' or '~'))
        {
            return false;
        }

        var fenceChar = text[0];
        var length = 0;
        while (length < text.Length && text[length] == fenceChar)
        {
            length++;
        }

        var info = text[length..].Trim();
        if (length < 3 || (fenceChar == '`' && info.Contains('`')))
        {
            return false;
        }

        (_fenceChar, _fenceLength, _fenceInfo) = (fenceChar, length, info.ToString());
        return true;
    }

    private void CommitBlock()
    {
        _inFence = false;
        if (_block.Length == 0)
        {
            return;
        }

        var block = _block.ToString();
        _block.Clear();
        WorkUnits += block.Length;
        _finished.Add(block);
    }
}
