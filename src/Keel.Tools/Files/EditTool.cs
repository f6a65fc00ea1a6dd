using Keel.Core.Permissions;
using System.Text;
using System.Text.Json.Nodes;
using Keel.Core.Tools;

namespace Keel.Tools.Files;

/// <summary>Replaces exact text in a file the model has read.</summary>
public sealed class EditTool : Tool<EditInput>
{
    private const int SnippetContext = 4;

    public EditTool()
        : base(static () => FileToolsJsonContext.Default.EditInput)
    {
    }

    public override string Name => "Edit";

    public override ToolKind Kind => ToolKind.Write;

    /// <summary>Claude Code's MultiEdit made several edits of one file; its rules in shared settings govern Edit.</summary>
    public override IReadOnlyList<string> RuleAliases => ["MultiEdit"];

    protected override ToolFacets Describe(EditInput input, ToolSession session) => base.Describe(input, session) with
    {
        Paths = [new ToolPathTarget(input.FilePath, PathAccess.Write)],
        Summary = session.DisplayPath(input.FilePath),
        Display = new FilePatchDisplay(input.FilePath, input.OldString, input.NewString, 1, Created: string.IsNullOrEmpty(input.OldString)),
    };

    protected override string Description => EmbeddedText.Load(nameof(EditTool));

    protected override string? Validate(EditInput input, ToolSession session)
    {
        if (string.IsNullOrWhiteSpace(input.FilePath))
        {
            return "file_path must not be empty.";
        }

        return string.Equals(input.OldString, input.NewString, StringComparison.Ordinal)
            ? "No change to make: old_string and new_string are identical."
            : null;
    }

    protected override ValueTask<ToolResult> ExecuteAsync(EditInput input, ToolContext context, CancellationToken cancellationToken)
        => GuardedWrite.Run(input.FilePath, context, "edit", path => EditAsync(path, input, context.Session, cancellationToken));

    private static async ValueTask<ToolResult> EditAsync(string path, EditInput input, ToolSession session, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            return ToolResult.Error($"{path} is a directory; give the path of a file.");
        }

        if (!File.Exists(path))
        {
            if (input.OldString.Length == 0)
            {
                var created = new Change(string.Empty, input.NewString, input.NewString, 0, input.NewString.Length);
                return await ApplyAsync(path, TextFile.New(string.Empty), created, input, session, $"Created {path}.", cancellationToken);
            }

            var suggestion = SimilarFiles.Suggest(path);
            var hint = suggestion is null ? " To create a new file, use an empty old_string or the Write tool." : $" Did you mean {suggestion}?";
            return ToolResult.Error($"File does not exist: {path}.{hint}");
        }

        var refusal = EditGuard.CheckExisting(path, session);
        if (refusal is not null)
        {
            return ToolResult.Error(refusal);
        }

        var file = await GuardedWrite.LoadAsync(path, session, cancellationToken);
        if (input.OldString.Length == 0)
        {
            return string.IsNullOrWhiteSpace(file.Text)
                ? await ApplyAsync(path, file, new Change(file.Text, input.NewString, input.NewString, 0, input.NewString.Length), input, session, $"Wrote {path}.", cancellationToken)
                : ToolResult.Error($"old_string is empty but {path} already has content. Give the exact text to replace, or use Write to replace the whole file.");
        }

        var crlf = TextFile.UsesCrlf(file.Text);
        var text = crlf ? file.Text.Replace("\r\n", "\n", StringComparison.Ordinal) : file.Text;
        var oldString = crlf ? input.OldString.Replace("\r\n", "\n", StringComparison.Ordinal) : input.OldString;
        var newString = crlf ? input.NewString.Replace("\r\n", "\n", StringComparison.Ordinal) : input.NewString;

        var matches = FindAll(text, oldString);
        var folded = false;
        if (matches.Count == 0)
        {
            matches = FindAll(Quotes.Fold(text), Quotes.Fold(oldString));
            folded = matches.Count > 0;
        }

        if (matches.Count == 0)
        {
            return ToolResult.Error(
                $"old_string was not found in {path}. It must match the file exactly, including whitespace and indentation " +
                "(and without Read's line-number prefixes). Read the file again to copy the current text.");
        }

        if (matches.Count > 1 && !input.ReplaceAll)
        {
            return ToolResult.Error(
                $"old_string occurs {matches.Count} times in {path}. Include more surrounding lines to make it unique, " +
                "or set replace_all to true to change every occurrence.");
        }

        var replaced = Replace(text, matches, oldString.Length, newString, folded);
        var final = crlf ? replaced.Replace("\n", "\r\n", StringComparison.Ordinal) : replaced;
        var summary = matches.Count == 1 ? $"Edited {path}." : $"Edited {path}: replaced all {matches.Count} occurrences.";
        return await ApplyAsync(path, file, new Change(text, final, replaced, matches[0], newString.Length), input, session, summary, cancellationToken);
    }

    private static List<int> FindAll(string text, string value)
    {
        var found = new List<int>();
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            found.Add(i);
        }

        return found;
    }

    private static string Replace(string text, List<int> matches, int length, string replacement, bool matchQuoteStyle)
    {
        var builder = new StringBuilder(text.Length + (matches.Count * (replacement.Length - length)));
        var position = 0;
        foreach (var index in matches)
        {
            builder.Append(text, position, index - position);
            builder.Append(matchQuoteStyle ? Quotes.MatchStyle(text.Substring(index, length), replacement) : replacement);
            position = index + length;
        }

        builder.Append(text, position, text.Length - position);
        return builder.ToString();
    }

    /// <summary>Writes the result and reports it; the change starts at <paramref name="firstIndex"/> of the LF text.</summary>
    private static async ValueTask<ToolResult> ApplyAsync(
        string path, TextFile file, Change change, EditInput input, ToolSession session, string summary, CancellationToken cancellationToken)
    {
        var created = !File.Exists(path);
        await GuardedWrite.SaveAsync(path, file.With(change.FinalText), session, cancellationToken);
        session.Reads.Record(path);

        var details = new JsonObject
        {
            ["filePath"] = path,
            ["oldString"] = input.OldString,
            ["newString"] = input.NewString,
            ["originalFile"] = file.Text,
            ["structuredPatch"] = UnifiedDiff.ToJson(UnifiedDiff.Compute(change.OriginalLf, change.NewLf)),
            ["userModified"] = false,
            ["replaceAll"] = input.ReplaceAll,
        };

        var firstLine = LineOf(change.NewLf, change.FirstIndex);
        var lastLine = LineOf(change.NewLf, change.FirstIndex + change.NewLength);
        var builder = new StringBuilder(summary).Append(" Snippet of the result (`cat -n` style):\n");
        var lines = LineFormat.SplitLines(change.NewLf);
        var from = Math.Max(1, firstLine - SnippetContext);
        var to = Math.Min(lines.Count, lastLine + SnippetContext);
        for (var n = from; n <= to; n++)
        {
            LineFormat.AppendNumbered(builder, n, lines[n - 1]);
        }

        return ToolResult.Success(builder.ToString(), details) with { Display = FilePatchDisplay.Between(path, change.OriginalLf, change.NewLf, created) };
    }

    /// <summary>1-based line number of a character index.</summary>
    private static int LineOf(string text, int index)
    {
        var line = 1;
        var end = Math.Min(index, text.Length);
        for (var i = text.IndexOf('\n', StringComparison.Ordinal); i >= 0 && i < end; i = text.IndexOf('\n', i + 1))
        {
            line++;
        }

        return line;
    }

    /// <summary>The texts before and after, with LF line breaks, and where the first replacement landed.</summary>
    private sealed record Change(string OriginalLf, string FinalText, string NewLf, int FirstIndex, int NewLength);
}
