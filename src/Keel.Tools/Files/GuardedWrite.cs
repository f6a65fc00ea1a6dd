using Keel.Core.Permissions;
using Keel.Core.Tools;

namespace Keel.Tools.Files;

/// <summary>
/// The shared frame of every file-writing tool: the path re-checked at the moment of use, and I/O
/// failures turned into results the model can read.
/// </summary>
internal static class GuardedWrite
{
    public static ValueTask<ToolResult> Run(string modelPath, ToolContext context, string failureVerb, Func<string, ToolResult> write)
    {
        var path = context.Session.ResolvePath(modelPath);
        if (context.RecheckPath(path, PathAccess.Write) is { } refusal)
        {
            return ValueTask.FromResult(ToolResult.Error(refusal));
        }

        try
        {
            return ValueTask.FromResult(write(path));
        }
        catch (UnauthorizedAccessException)
        {
            return ValueTask.FromResult(ToolResult.Error($"Permission denied writing {path}."));
        }
        catch (IOException ex)
        {
            return ValueTask.FromResult(ToolResult.Error($"Could not {failureVerb} {path}: {ex.Message}"));
        }
    }
}
