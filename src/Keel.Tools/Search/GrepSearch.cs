using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Keel.Tools.Files;

namespace Keel.Tools.Search;

/// <summary>
/// The parallel pass of Grep: reads each candidate file once as bytes into a per-thread buffer,
/// skips binaries and files without the required literal, and counts matching lines.
/// </summary>
internal sealed class GrepSearch
{
    private const long MaxFileBytes = 1L << 30;
    private const int KeepBufferBytes = 4 << 20;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    [ThreadStatic]
    private static byte[]? t_bytes;

    [ThreadStatic]
    private static char[]? t_chars;

    [ThreadStatic]
    private static List<int>? t_lines;

    [ThreadStatic]
    private static List<int>? t_starts;

    [ThreadStatic]
    private static StringBuilder? t_builder;

    private readonly GrepMatcher _matcher;
    private readonly Func<WalkEntry, bool> _include;
    private readonly bool _firstOnly;
    private readonly GrepContentFormat? _content;
    private readonly Func<string, int>? _displayStart;
    private readonly ThreadLocal<BlockChunk>? _chunks;

    /// <param name="matcher">Decides which lines match.</param>
    /// <param name="include">Which walked files to search.</param>
    /// <param name="firstOnly">Stop at a file's first matching line (files mode).</param>
    /// <param name="content">Build each file's content-mode lines in this pass, from the bytes already read (null: none).</param>
    /// <param name="displayStart">Where, in a file's full path, the path shown in those lines starts.</param>
    public GrepSearch(GrepMatcher matcher, Func<WalkEntry, bool> include, bool firstOnly, GrepContentFormat? content = null, Func<string, int>? displayStart = null)
    {
        _matcher = matcher;
        _include = include;
        _firstOnly = firstOnly;
        _content = content;
        _displayStart = displayStart;
        _chunks = content is null ? null : new ThreadLocal<BlockChunk>(static () => new BlockChunk());
    }

    public ConcurrentBag<string> TimedOut { get; } = [];

    public async Task<List<GrepHit>> RunAsync(string root, CancellationToken cancellationToken)
    {
        var hits = new ConcurrentBag<GrepHit>();
        var walker = new FileWalker(root, new FileWalkerOptions());
        await walker.WalkAsync(
            (entry, directory, name, regular) =>
            {
                if (_include(entry) && Search(entry, directory, name, regular, out var modified, out var block) is > 0 and var count)
                {
                    hits.Add(new GrepHit(entry.FullPath, count, modified, block.Text, block.Lines));
                }
            },
            cancellationToken);
        _chunks?.Dispose();
        return [.. hits];
    }

    /// <summary>Decodes a text file for display; null for binary or unreadable files.</summary>
    public static string? ReadText(string path)
    {
        try
        {
            var bytes = File.ReadAllBytes(path);
            var utf16 = IsUtf16(bytes);
            return !utf16 && FileKinds.LooksBinary(bytes) ? null : TextFile.Decode(bytes).Text;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Searches one walked file. With a directory descriptor (Linux) the file is opened by its name in that directory,
    /// and a file the directory lists as regular is read without a stat; otherwise it is opened by its full path.
    /// </summary>
    private int Search(WalkEntry entry, int directory, ReadOnlySpan<byte> name, bool regular, out DateTime modified, out (ReadOnlyMemory<char> Text, int Lines) block)
    {
        modified = default;
        block = default;
        var fd = -1;
        var file = default(SearchFile);
        try
        {
            ReadOnlySpan<byte> bytes;
            if (directory >= 0)
            {
                fd = NativeDirectory.OpenFile(directory, name);
                bytes = fd < 0 ? default : ReadNative(fd, regular);
            }
            else
            {
                file = SearchFile.Open(entry.FullPath);
                bytes = ReadWhole(file);
            }

            if (bytes.IsEmpty)
            {
                return 0;
            }

            var lines = _content is null ? null : (t_lines ??= []);
            var starts = _content is null ? null : (t_starts ??= []);
            lines?.Clear();
            starts?.Clear();
            var count = Search(bytes, lines, starts, out var text, out var utf8);
            if (count > 0)
            {
                // Only files mode orders by time.
                modified = fd < 0 ? file.LastWriteTimeUtc
                    : _firstOnly && NativeDirectory.Stat(fd, default, noFollow: false, out _, out _, out var time) ? time : default;
                if (_content is not null)
                {
                    var builder = t_builder ??= new StringBuilder();
                    builder.Clear();
                    var display = entry.FullPath.AsSpan(_displayStart!(entry.FullPath));
                    var written = text.IsEmpty
                        ? _content.Format(utf8, lines!, starts, display, builder, int.MaxValue)
                        : _content.Format(text, lines!, starts, display, builder, int.MaxValue);
                    block = (_chunks!.Value!.Add(builder), written);
                    if (builder.Capacity > KeepBufferBytes)
                    {
                        t_builder = null;
                    }
                }
            }

            return count;
        }
        catch (RegexMatchTimeoutException)
        {
            TimedOut.Add(entry.FullPath);
            return 0;
        }
        catch (NotSupportedException)
        {
            // Unseekable: a FIFO, socket or character device. Not a file to search.
            return 0;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
        finally
        {
            if (fd >= 0)
            {
                NativeDirectory.Close(fd);
            }

            file.Dispose();
            Trim(ref t_bytes);
            Trim(ref t_chars);
        }
    }

    /// <summary>A file opened by its path, read whole: empty when it is not a regular file, is empty, too large or binary at its start.</summary>
    private static ReadOnlySpan<byte> ReadWhole(SearchFile file)
    {
        if (!file.IsOpen || !file.IsRegular)
        {
            return default;
        }

        var fileLength = file.Length;
        if (fileLength == 0 || fileLength > MaxFileBytes)
        {
            return default;
        }

        // A sparse or binary file is not read whole just to be skipped.
        return fileLength > FileKinds.BinarySniffBytes && LooksBinaryAtStart(file) ? default : Read(file, (int)fileLength);
    }

    /// <summary>
    /// A file opened in its directory, read whole (empty as for <see cref="ReadWhole"/>). One the directory lists as
    /// regular is read until a short read, which for a regular file is its end: most files take a single read and no
    /// stat. Only one that fills the first buffer is measured, and screened for binary content before the rest is read.
    /// </summary>
    private static ReadOnlySpan<byte> ReadNative(int fd, bool regular)
    {
        long length;
        var buffer = Rent(ref t_bytes, 0);
        var total = 0;
        if (regular)
        {
            total = NonBlockingOpen.ReadAt(fd, buffer, 0);
            if (total <= 0 || total < buffer.Length)
            {
                return total <= 0 ? default : buffer.AsSpan(0, total);
            }

            var head = buffer.AsSpan(0, total);
            if (!NativeDirectory.Stat(fd, default, noFollow: false, out _, out length, out _) || (!IsUtf16(head) && FileKinds.LooksBinary(head)))
            {
                return default;
            }
        }
        else if (!NativeDirectory.Stat(fd, default, noFollow: false, out var mode, out length, out _) || mode != 0x8000 || length == 0)
        {
            return default;
        }

        if (length > MaxFileBytes)
        {
            return default;
        }

        if (total == 0 && length > FileKinds.BinarySniffBytes)
        {
            Span<byte> head = stackalloc byte[FileKinds.BinarySniffBytes];
            var read = NonBlockingOpen.ReadAt(fd, head, 0);
            if (read <= 0 || (!IsUtf16(head[..read]) && FileKinds.LooksBinary(head[..read])))
            {
                return default;
            }
        }

        // The size may have changed since the first read: keep what was read and continue until the stated size.
        var size = (int)Math.Max(length, total);
        if (buffer.Length < size)
        {
            var larger = new byte[size];
            buffer.AsSpan(0, total).CopyTo(larger);
            buffer = t_bytes = larger;
        }

        return Fill(SearchFile.Borrow(fd), buffer, total, size);
    }

    /// <summary>
    /// Counts the matching lines of a file's bytes (adding their numbers to <paramref name="lines"/> and where they start
    /// to <paramref name="starts"/> when given). Once it has a match, the lines and starts refer to <paramref name="text"/>,
    /// the decoded file, when that is not empty, else to <paramref name="utf8"/>, the file's UTF-8 text.
    /// </summary>
    private int Search(ReadOnlySpan<byte> bytes, List<int>? lines, List<int>? starts, out ReadOnlySpan<char> text, out ReadOnlySpan<byte> utf8)
    {
        text = default;
        utf8 = default;
        var utf16 = IsUtf16(bytes);
        if (bytes.IsEmpty || (!utf16 && FileKinds.LooksBinary(bytes)))
        {
            return 0;
        }

        if (utf16)
        {
            var decoded = TextFile.Decode(bytes).Text;
            text = decoded;
            return _matcher.FindLines(decoded, lines, _firstOnly, starts);
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        if (_matcher.Prefilter is { } prefilter)
        {
            if (!_matcher.Multiline && prefilter.IsLineLocal)
            {
                // Content lines are then formatted from these bytes: the file is never decoded whole.
                utf8 = bytes;
                return _matcher.CountLines(bytes, prefilter, _firstOnly, lines, starts);
            }

            if (!prefilter.MayMatch(bytes))
            {
                return 0;
            }
        }

        text = Decode(bytes);
        return _matcher.FindLines(text, lines, _firstOnly, starts);
    }

    private static ReadOnlySpan<char> Decode(ReadOnlySpan<byte> bytes)
    {
        var chars = Rent(ref t_chars, Utf8.GetMaxCharCount(bytes.Length));
        var length = Utf8.GetChars(bytes, chars);
        return chars.AsSpan(0, length);
    }

    private static ReadOnlySpan<byte> Read(SearchFile file, int length) => Fill(file, Rent(ref t_bytes, length), 0, length);

    /// <summary>Reads on from <paramref name="total"/> bytes until <paramref name="length"/> or the end; empty on an error.</summary>
    private static ReadOnlySpan<byte> Fill(SearchFile file, byte[] buffer, int total, int length)
    {
        while (total < length)
        {
            var read = file.Read(buffer.AsSpan(total, length - total), total);
            if (read < 0)
            {
                return default;
            }

            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return buffer.AsSpan(0, total);
    }

    private static bool LooksBinaryAtStart(SearchFile file)
    {
        Span<byte> head = stackalloc byte[FileKinds.BinarySniffBytes];
        var length = Math.Max(0, file.Read(head, 0));
        return !IsUtf16(head[..length]) && FileKinds.LooksBinary(head[..length]);
    }

    private static bool IsUtf16(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);

    private static T[] Rent<T>(ref T[]? buffer, int size)
    {
        if (buffer is null || buffer.Length < size)
        {
            buffer = new T[Math.Max(size, 64 * 1024)];
        }

        return buffer;
    }

    // Large one-off buffers are not kept per thread.
    private static void Trim<T>(ref T[]? buffer)
    {
        if (buffer is { Length: > KeepBufferBytes })
        {
            buffer = null;
        }
    }
}
