using Keel.Core.Permissions;
using Keel.Core.Tools;

namespace Keel.Tools.Files;

/// <summary>
/// The shared frame of every file-writing tool: the path re-checked at the moment of use, and I/O
/// failures turned into results the model can read.
/// </summary>
internal static class GuardedWrite
{
    public static async ValueTask<ToolResult> Run(string modelPath, ToolContext context, string failureVerb, Func<string, ValueTask<ToolResult>> write)
    {
        var path = context.Session.ResolvePath(modelPath);
        if (context.RecheckPath(path, PathAccess.Write) is { } refusal)
        {
            return ToolResult.Error(refusal);
        }

        try
        {
            return await write(path);
        }
        catch (UnauthorizedAccessException)
        {
            return ToolResult.Error($"Permission denied writing {path}.");
        }
        catch (IOException ex)
        {
            return ToolResult.Error($"Could not {failureVerb} {path}: {ex.Message}");
        }
    }

    /// <summary>The file's text as the session's files serve it (an editor's buffer, or the disk).</summary>
    public static async ValueTask<TextFile> LoadAsync(string path, ToolSession session, CancellationToken cancellationToken) =>
        TextFile.Decode(await session.Files.ReadAsync(path, cancellationToken) ?? throw new FileNotFoundException("the file no longer exists"));

    /// <summary>Stores the text through the session's files (an editor's buffer, or the disk in the file's own encoding).</summary>
    public static ValueTask SaveAsync(string path, TextFile file, ToolSession session, CancellationToken cancellationToken) =>
        session.Files.WriteAsync(path, file.Text, file.Encode(), cancellationToken);
}
