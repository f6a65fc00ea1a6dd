using Keel.Core.Permissions;
using System.Text;
using System.Text.Json.Nodes;
using Keel.Core.Messages;
using Keel.Core.Tools;

namespace Keel.Tools.Files;

/// <summary>Reads a text file with line numbers, or an image as an image block.</summary>
public sealed class ReadTool : Tool<ReadInput>
{
    public const int DefaultLimit = 2000;
    public const long MaxWholeFileBytes = 256 * 1024;
    public const long MaxImageBytes = 5 * 1024 * 1024;

    public ReadTool()
        : base(static () => FileToolsJsonContext.Default.ReadInput)
    {
    }

    public override string Name => "Read";

    public override ToolKind Kind => ToolKind.Read;

    protected override ToolFacets Describe(ReadInput input, ToolSession session) => base.Describe(input, session) with
    {
        Paths = [new ToolPathTarget(input.FilePath, PathAccess.Read)],
        Summary = input.FilePath,
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

    protected override ValueTask<ToolResult> ExecuteAsync(ReadInput input, ToolContext context, CancellationToken cancellationToken)
    {
        var path = context.Session.ResolvePath(input.FilePath);
        if (context.RecheckPath(path, PathAccess.Read) is { } refusal)
        {
            return ValueTask.FromResult(ToolResult.Error(refusal));
        }

        try
        {
            return ValueTask.FromResult(Read(path, input, context.Session, cancellationToken));
        }
        catch (UnauthorizedAccessException)
        {
            return ValueTask.FromResult(ToolResult.Error($"Permission denied reading {path}."));
        }
        catch (IOException ex)
        {
            return ValueTask.FromResult(ToolResult.Error($"Could not read {path}: {ex.Message}"));
        }
    }

    private static ToolResult Read(string path, ReadInput input, ToolSession session, CancellationToken cancellationToken)
    {
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

        if (FileKinds.ImageMediaType(path) is { } mediaType)
        {
            return ReadImage(path, info, mediaType, session);
        }

        if (path.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
        {
            return ReadNotebook(path, info, session);
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

        return ReadText(path, info, input, session, cancellationToken);
    }

    private static ToolResult ReadNotebook(string path, FileInfo info, ToolSession session)
    {
        if (info.Length > MaxImageBytes * 4)
        {
            return ToolResult.Error($"{path} is a notebook of {info.Length / (1024 * 1024)} MB, too large to show at once; search it with Grep instead.");
        }

        var (blocks, cells, error) = Notebooks.NotebookRenderer.Render(path, File.ReadAllBytes(path));
        if (blocks is null)
        {
            return ToolResult.Error(error!);
        }

        session.Reads.Record(path);
        var details = new JsonObject { ["type"] = "notebook", ["file"] = new JsonObject { ["filePath"] = path, ["cells"] = cells } };
        return new ToolResult(blocks, IsError: false, details);
    }

    private static ToolResult ReadImage(string path, FileInfo info, string mediaType, ToolSession session)
    {
        if (info.Length > MaxImageBytes)
        {
            return ToolResult.Error($"{path} is an image of {info.Length / (1024 * 1024.0):F1} MB; Read returns images up to {MaxImageBytes / (1024 * 1024)} MB. Shrink it first (e.g. with an image tool via Bash).");
        }

        var bytes = File.ReadAllBytes(path);
        var actualType = FileKinds.SniffImage(bytes) ?? mediaType;
        session.Reads.Record(path);
        var details = new JsonObject
        {
            ["type"] = "image",
            ["file"] = new JsonObject { ["filePath"] = path, ["type"] = actualType, ["originalSize"] = bytes.Length },
        };
        return new ToolResult([new ImageBlock(actualType, Convert.ToBase64String(bytes))], IsError: false, details);
    }

    private static ToolResult ReadText(string path, FileInfo info, ReadInput input, ToolSession session, CancellationToken cancellationToken)
    {
        if (input.Offset is null && input.Limit is null && session.Reads.DeliveredAndUnchanged(path))
        {
            // The whole file is already in the conversation and has not changed: say so instead of repeating it.
            return ToolResult.Success(
                $"{path} is unchanged since you last read it in this conversation; that earlier Read result still shows its current content.",
                new JsonObject { ["type"] = "file_unchanged", ["file"] = new JsonObject { ["filePath"] = path } });
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096, FileOptions.SequentialScan);
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
        var output = new StringBuilder();
        var content = new StringBuilder();
        var total = 0;
        using (var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
        {
            while (reader.ReadLine() is { } line)
            {
                total++;
                if ((total & 0xFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                if (total >= start && total < start + limit)
                {
                    LineFormat.AppendNumbered(output, total, line);
                    if (content.Length > 0 || total > start)
                    {
                        content.Append('\n');
                    }

                    content.Append(line.Length > LineFormat.MaxLineChars ? line[..LineFormat.MaxLineChars] : line);
                }
            }
        }

        var shown = Math.Max(0, Math.Min(total - start + 1, limit));
        session.Reads.Record(path, partial: start > 1 || shown < total);
        var details = TextDetails(path, content.ToString(), shown, start, total);
        if (shown == 0)
        {
            return ToolResult.Success(
                $"<system-reminder>The file {path} has {total} lines; offset {start} is past its end. Use an offset between 1 and {total}.</system-reminder>",
                details);
        }

        var last = start + shown - 1;
        if (last < total)
        {
            output.Append($"\n(Showing lines {start}-{last} of {total}. {total - last} more lines remain; continue with offset={last + 1}.)\n");
        }

        if (start == 1 && shown == total)
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
