using System.Text.Json;

namespace Keel.Terminal.Rendering.ToolCards;

/// <summary>What an Edit, MultiEdit or Write call changes, as before/after text ready for <see cref="Diff.DiffRenderer"/>.</summary>
/// <param name="FirstLineNumber">Line in the file where <see cref="OldText"/> starts (1 when it is the whole file).</param>
public sealed record EditPreview(string Path, string OldText, string NewText, int FirstLineNumber)
{
    public static bool IsFileEdit(string toolName) => toolName is "Edit" or "MultiEdit" or "Write";

    /// <summary>The change, given the file's content before the call (null when it did not exist or could not be read).</summary>
    public static EditPreview? Create(string toolName, JsonElement input, string? fileBefore)
    {
        var path = ToolArguments.String(input, "file_path");
        if (path is null)
        {
            return null;
        }

        fileBefore = fileBefore?.Replace("\r\n", "\n", StringComparison.Ordinal);
        switch (toolName)
        {
            case "Write":
                return ToolArguments.String(input, "content") is { } content ? new EditPreview(path, fileBefore ?? string.Empty, content, 1) : null;
            case "Edit":
                var oldString = ToolArguments.String(input, "old_string");
                var newString = ToolArguments.String(input, "new_string");
                if (oldString is null || newString is null)
                {
                    return null;
                }

                var replaceAll = input.TryGetProperty("replace_all", out var all) && all.ValueKind == JsonValueKind.True;
                return Apply(path, fileBefore, [(oldString, newString, replaceAll)]);
            case "MultiEdit":
                if (!input.TryGetProperty("edits", out var edits) || edits.ValueKind != JsonValueKind.Array)
                {
                    return null;
                }

                var list = edits.EnumerateArray()
                    .Select(e => (ToolArguments.String(e, "old_string") ?? string.Empty, ToolArguments.String(e, "new_string") ?? string.Empty, e.ValueKind == JsonValueKind.Object && e.TryGetProperty("replace_all", out var r) && r.ValueKind == JsonValueKind.True))
                    .ToList();
                return Apply(path, fileBefore, list);
            default:
                return null;
        }
    }

    private static EditPreview Apply(string path, string? fileBefore, List<(string Old, string New, bool All)> edits)
    {
        if (fileBefore is not null && edits.TrueForAll(e => e.Old.Length > 0))
        {
            var text = fileBefore;
            var applied = true;
            foreach (var (oldString, newString, all) in edits)
            {
                var at = text.IndexOf(oldString, StringComparison.Ordinal);
                if (at < 0)
                {
                    applied = false;
                    break;
                }

                text = all ? text.Replace(oldString, newString, StringComparison.Ordinal) : string.Concat(text.AsSpan(0, at), newString, text.AsSpan(at + oldString.Length));
            }

            if (applied)
            {
                return new EditPreview(path, fileBefore, text, 1);
            }
        }

        // Without the file the fragments are all we have; line numbers then count from the fragment.
        var line = fileBefore is null || edits.Count == 0 ? 1 : LineOf(fileBefore, edits[0].Old);
        return new EditPreview(path, string.Join("\n", edits.Select(e => e.Old)), string.Join("\n", edits.Select(e => e.New)), line);
    }

    private static int LineOf(string text, string fragment)
    {
        var at = fragment.Length == 0 ? -1 : text.IndexOf(fragment, StringComparison.Ordinal);
        return at < 0 ? 1 : text.AsSpan(0, at).Count('\n') + 1;
    }
}
