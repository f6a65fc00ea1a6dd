using Keel.Core.Permissions;
using Keel.Core.Permissions.Paths;
using System.Text.Json.Nodes;
using Keel.Core.Messages;
using Keel.Core.Tools;
using Keel.Tools.Search;

namespace Keel.Tools.Files;

/// <summary>Reads a text file with line numbers, or an image as an image block.</summary>
public sealed class ReadTool : Tool<ReadInput>
{
    public const int DefaultLimit = 2000;
    public const long MaxWholeFileBytes = 256 * 1024;
    public const long MaxImageBytes = 5 * 1024 * 1024;

    private static readonly TimeSpan RegularFileTime = TimeSpan.FromSeconds(30);

    public ReadTool()
        : base(static () => FileToolsJsonContext.Default.ReadInput)
    {
    }

    public override string Name => "Read";

    public override ToolKind Kind => ToolKind.Read;

    protected override ToolFacets Describe(ReadInput input, ToolSession session) => base.Describe(input, session) with
    {
        Paths = [new ToolPathTarget(input.FilePath, PathAccess.Read)],
        Summary = session.DisplayPath(input.FilePath),
        Display = new FileReadDisplay(input.FilePath),

        // Reading an editor's buffer is a request the editor sees, so it waits for the complete response.
        StartsEarly = !session.Files.ReadsBuffers,
    };

    public override int MaxResultChars => int.MaxValue;

    protected override string Description => EmbeddedText.Load(nameof(ReadTool));

    protected override bool IsReadOnly(ReadInput input) => true;

    protected override string? Validate(ReadInput input, ToolSession session)
    {
        if (string.IsNullOrWhiteSpace(input.FilePath))
        {
            return "file_path must not be empty.";
        }

        if (input.Offset is < 0)
        {
            return "offset is a 1-based line number and cannot be negative.";
        }

        return input.Limit is <= 0 ? "limit must be a positive number of lines." : null;
    }

    protected override async ValueTask<ToolResult> ExecuteAsync(ReadInput input, ToolContext context, CancellationToken cancellationToken)
    {
        var path = context.Session.ResolvePath(input.FilePath);
        if (context.RecheckPath(path, PathAccess.Read) is { } refusal)
        {
            return ToolResult.Error(refusal);
        }

        try
        {
            var result = Read(path, input, context.Session, cancellationToken);
            return result ?? await ReadBufferAsync(path, input, context.Session, cancellationToken);
        }
        catch (UnauthorizedAccessException)
        {
            return ToolResult.Error($"Permission denied reading {path}.");
        }
        catch (IOException ex)
        {
            return ToolResult.Error($"Could not read {path}: {ex.Message}");
        }
    }

    /// <summary>The result of reading from disk, or null for a text file whose text the session's editor serves (its buffer may be unsaved).</summary>
    private static ToolResult? Read(string path, ReadInput input, ToolSession session, CancellationToken cancellationToken)
    {
        var resolved = PathResolver.Resolve(path);
        if ((PseudoFiles.Refusal(resolved) ?? PseudoFiles.Refusal(path)) is { } refusal)
        {
            return ToolResult.Error($"{path} is {refusal}; Read does not open it.");
        }

        if (Directory.Exists(path))
        {
            return ToolResult.Error($"{path} is a directory, not a file. Use Glob to find files in it, or run `ls` with Bash to list it.");
        }

        var info = new FileInfo(path);
        if (!info.Exists)
        {
            var suggestion = SimilarFiles.Suggest(path);
            var hint = suggestion is null ? string.Empty : $" Did you mean {suggestion}?";
            return ToolResult.Error($"File does not exist: {path}.{hint} (current directory: {session.CurrentDirectory})");
        }

        var special = FileKinds.DescribeSpecial(info);
        if (special is not null)
        {
            return ToolResult.Error($"{path} is {special}, not a regular file; Read does not open it because reading could block or never end.");
        }

        var pseudo = PseudoFiles.IsPseudo(resolved, info.Length);
        if (FileKinds.ImageMediaType(path) is { } mediaType)
        {
            return ReadImage(path, info, pseudo, mediaType, session, cancellationToken);
        }

        if (path.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
        {
            return ReadNotebook(path, info, pseudo, session, cancellationToken);
        }

        if (FileKinds.HasBinaryExtension(path))
        {
            return ToolResult.Error($"{path} is a binary file ({info.Extension}); Read only shows text files and images.");
        }

        var paged = input.Offset is not null || input.Limit is not null;
        if (!paged && info.Length > MaxWholeFileBytes)
        {
            return ToolResult.Error(
                $"{path} is {info.Length / 1024} KB, more than the {MaxWholeFileBytes / 1024} KB Read returns at once. " +
                $"Read it in parts with offset and limit (e.g. offset=1, limit={DefaultLimit}), or use Grep to find the lines you need.");
        }

        return session.Files.ReadsBuffers && !pseudo ? null : ReadText(path, pseudo, input, session, cancellationToken);
    }

    /// <summary>
    /// A text file through the session's editor: the whole buffer, or for a paged read the lines asked for plus one
    /// (which tells whether more follow), numbered and capped exactly as a file on disk.
    /// </summary>
    private static async ValueTask<ToolResult> ReadBufferAsync(string path, ReadInput input, ToolSession session, CancellationToken cancellationToken)
    {
        var paged = input.Offset is not null || input.Limit is not null;
        var start = Math.Max(1, input.Offset ?? 1);
        var limit = input.Limit ?? DefaultLimit;
        var text = paged
            ? await session.Files.ReadLinesAsync(path, start, limit + 1, cancellationToken)
            : TextFile.Decode(await session.Files.ReadAsync(path, cancellationToken) ?? throw new FileNotFoundException("the file does not exist")).Text;
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return ToolResult.Error($"{path} looks like a binary file (it contains NUL bytes); Read only shows text files and images.");
        }

        if (!paged && text.Length == 0)
        {
            session.Reads.Record(path);
            return ToolResult.Success($"<system-reminder>The file {path} exists but is empty.</system-reminder>", TextDetails(path, string.Empty, 0, 1, 0));
        }

        if (paged && start > 1 && text.Length == 0)
        {
            session.Reads.Record(path, partial: true);
            return ToolResult.Success($"<system-reminder>Offset {start} is past the end of {path}. Read it without an offset to see how long it is.</system-reminder>", TextDetails(path, string.Empty, 0, start, 0));
        }

        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text), writable: false);
        var window = TextWindow.Read(stream, start, limit, cancellationToken, firstLine: paged ? start : 1);
        if (paged && window.Stop == TextWindowStop.EndOfFile && window.LinesSeen > start + limit - 1)
        {
            // The extra line came back: the file goes on, how far is not known.
            window = window with { Stop = TextWindowStop.Counted };
        }

        return Report(path, window, start, note: null, session);
    }

    /// <summary>The whole file, bounded in bytes and time whatever it turns out to be (it may have changed since it was checked).</summary>
    private static BoundedBytes ReadWhole(string path, bool pseudo, long maxBytes, CancellationToken cancellationToken) =>
        PseudoFiles.ReadBounded(path, pseudo ? PseudoFiles.MaxBytes : (int)maxBytes, pseudo ? PseudoFiles.MaxTime : RegularFileTime, cancellationToken);

    private static ToolResult ReadNotebook(string path, FileInfo info, bool pseudo, ToolSession session, CancellationToken cancellationToken)
    {
        if (info.Length > MaxImageBytes * 4)
        {
            return ToolResult.Error($"{path} is a notebook of {info.Length / (1024 * 1024)} MB, too large to show at once; search it with Grep instead.");
        }

        var whole = ReadWhole(path, pseudo, MaxImageBytes * 4, cancellationToken);
        if (whole.Bytes is null || whole.Truncated)
        {
            return ToolResult.Error($"{path} was not read: {whole.Error ?? "it is larger than a notebook Read shows"}.");
        }

        var (blocks, cells, error) = Notebooks.NotebookRenderer.Render(path, whole.Bytes);
        if (blocks is null)
        {
            return ToolResult.Error(error!);
        }

        session.Reads.Record(path);
        var details = new JsonObject { ["type"] = "notebook", ["file"] = new JsonObject { ["filePath"] = path, ["cells"] = cells } };
        return new ToolResult(blocks, IsError: false, details);
    }

    private static ToolResult ReadImage(string path, FileInfo info, bool pseudo, string mediaType, ToolSession session, CancellationToken cancellationToken)
    {
        var whole = info.Length > MaxImageBytes ? null : ReadWhole(path, pseudo, MaxImageBytes, cancellationToken);
        if (whole is null || whole.Truncated)
        {
            return ToolResult.Error($"{path} is an image of more than {MaxImageBytes / (1024 * 1024)} MB ({info.Length / (1024 * 1024.0):F1} MB); Read returns images up to {MaxImageBytes / (1024 * 1024)} MB. Shrink it first (e.g. with an image tool via Bash).");
        }

        if (whole.Bytes is not { } bytes)
        {
            return ToolResult.Error($"{path} was not read: {whole.Error}.");
        }

        var actualType = FileKinds.SniffImage(bytes) ?? mediaType;
        session.Reads.Record(path);
        var details = new JsonObject
        {
            ["type"] = "image",
            ["file"] = new JsonObject { ["filePath"] = path, ["type"] = actualType, ["originalSize"] = bytes.Length },
        };
        return new ToolResult([new ImageBlock(actualType, Convert.ToBase64String(bytes))], IsError: false, details);
    }

    private static ToolResult ReadText(string path, bool pseudo, ReadInput input, ToolSession session, CancellationToken cancellationToken)
    {
        if (input.Offset is null && input.Limit is null && session.Reads.DeliveredAndUnchanged(path))
        {
            // The whole file is already in the conversation and has not changed: say so instead of repeating it.
            return ToolResult.Success(
                $"{path} is unchanged since you last read it in this conversation; that earlier Read result still shows its current content.",
                new JsonObject { ["type"] = "file_unchanged", ["file"] = new JsonObject { ["filePath"] = path } });
        }

        string? note = null;
        Stream stream;
        if (pseudo)
        {
            var bounded = PseudoFiles.ReadBounded(path, PseudoFiles.MaxBytes, PseudoFiles.MaxTime, cancellationToken);
            if (bounded.Bytes is null)
            {
                return ToolResult.Error($"{path} was not read: {bounded.Error}. It is a kernel, device or other special file; Read only returns what such a file gives at once.");
            }

            stream = new MemoryStream(bounded.Bytes, writable: false);
            note = bounded.Truncated ? $"\n(Only the first {PseudoFiles.MaxBytes / (1024 * 1024)} MB of {path} were read: it is a special file whose content has no fixed size.)\n" : null;
        }
        else if (OpenRegular(path) is { } regular)
        {
            stream = regular;
        }
        else
        {
            return ToolResult.Error($"{path} could not be opened as a regular file; Read does not open files that could block or never end.");
        }

        using (stream)
        {
            Span<byte> head = stackalloc byte[FileKinds.BinarySniffBytes];
            var headLength = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            head = head[..headLength];
            var utf16 = head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]);
            if (!utf16 && FileKinds.LooksBinary(head))
            {
                return ToolResult.Error($"{path} looks like a binary file (it contains NUL bytes); Read only shows text files and images.");
            }

            if (headLength == 0)
            {
                session.Reads.Record(path);
                return ToolResult.Success(
                    $"<system-reminder>The file {path} exists but is empty.</system-reminder>",
                    TextDetails(path, string.Empty, 0, 1, 0));
            }

            stream.Position = 0;
            var start = Math.Max(1, input.Offset ?? 1);
            var limit = input.Limit ?? DefaultLimit;
            var window = TextWindow.Read(stream, start, limit, cancellationToken);
            return Report(path, window, start, note, session);
        }
    }

    /// <summary>Opens without blocking (a file swapped for a FIFO after the checks) and only if it can be paged through.</summary>
    private static FileStream? OpenRegular(string path)
    {
        var handle = NonBlockingOpen.IsAvailable
            ? NonBlockingOpen.TryOpen(path)
            : File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
        if (handle is null)
        {
            throw new UnauthorizedAccessException();
        }

        var stream = new FileStream(handle, FileAccess.Read, 64 * 1024);
        if (stream.CanSeek)
        {
            return stream;
        }

        stream.Dispose();
        return null;
    }

    private static ToolResult Report(string path, TextWindowResult window, int start, string? note, ToolSession session)
    {
        var total = window.LinesSeen;
        var known = window.Stop == TextWindowStop.EndOfFile;
        var shown = window.Shown;
        session.Reads.Record(path, partial: start > 1 || !known || shown < total);
        var details = TextDetails(path, window.Content, shown, start, total);
        if (!known)
        {
            details["file"]!["totalLinesKnown"] = false;
        }

        if (shown == 0)
        {
            var past = known
                ? $"The file {path} has {total} lines; offset {start} is past its end. Use an offset between 1 and {total}."
                : $"Read scanned the first {TextWindow.MaxScanBytes / (1024 * 1024)} MB of {path} ({total} lines) without reaching line {start}. " +
                  "Use Grep to find what you need, or Bash (e.g. `tail -c`, `sed -n`) to reach further into the file.";
            return ToolResult.Success($"<system-reminder>{past}</system-reminder>", details);
        }

        var output = new System.Text.StringBuilder(window.Numbered);
        var last = start + shown - 1;
        switch (window.Stop)
        {
            case TextWindowStop.EndOfFile when last < total:
                output.Append($"\n(Showing lines {start}-{last} of {total}. {total - last} more lines remain; continue with offset={last + 1}.)\n");
                break;
            case TextWindowStop.Counted:
                output.Append($"\n(Showing lines {start}-{last} of more than {total}; the file is too large to count. Continue with offset={last + 1}.)\n");
                break;
            case TextWindowStop.OutputCap:
                output.Append($"\n(Showing lines {start}-{last}: one Read returns at most {TextWindow.MaxOutputChars:N0} characters. Continue with offset={last + 1}.)\n");
                break;
            case TextWindowStop.ScanCap:
                output.Append($"\n(Read stopped after scanning {TextWindow.MaxScanBytes / (1024 * 1024)} MB of {path}, inside line {last}. Use Grep, or Bash (e.g. `tail -c`, `sed -n`), to reach further.)\n");
                break;
        }

        output.Append(note);
        if (start == 1 && known && shown == total && note is null)
        {
            session.Reads.MarkDelivered(path);
        }

        return ToolResult.Success(output.ToString(), details);
    }

    private static JsonObject TextDetails(string path, string content, int numLines, int startLine, int totalLines) => new()
    {
        ["type"] = "text",
        ["file"] = new JsonObject
        {
            ["filePath"] = path,
            ["content"] = content,
            ["numLines"] = numLines,
            ["startLine"] = startLine,
            ["totalLines"] = totalLines,
        },
    };
}
