using System.Text.Json;
using Keel.Core.Messages;

namespace Keel.Core.Tools;

/// <summary>The file a tool call read or edited, from the input fields that name one.</summary>
public static class TouchedFile
{
    private static readonly string[] PathFields = ["file_path", "notebook_path"];

    /// <summary>The resolved full path, or null when the call names no file.</summary>
    public static string? Of(ToolUseBlock call, ToolSession session)
    {
        if (call.Input.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var field in PathFields)
        {
            if (call.Input.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } path)
            {
                return session.ResolvePath(path);
            }
        }

        return null;
    }
}
