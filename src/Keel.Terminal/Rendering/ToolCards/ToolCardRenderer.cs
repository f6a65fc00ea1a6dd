using Keel.Core.Messages;
using Keel.Core.Tools;
using Keel.Terminal.Rendering.Diff;
using Keel.Terminal.Rendering.Text;

namespace Keel.Terminal.Rendering.ToolCards;

/// <summary>Compact cards for tool calls: a header (status, tool, key argument, time) and a few body lines.</summary>
public static class ToolCardRenderer
{
    public const int OutputTailLines = 5;
    public const int CollapsedOutputLines = 3;
    public const int DiffLines = 24;
    private static readonly string[] SpinnerFrames = ["◐", "◓", "◑", "◒"];

    public static IReadOnlyList<string> RenderRunning(
        ToolUseBlock call,
        TimeSpan elapsed,
        IReadOnlyList<string> outputTail,
        int width,
        RenderOptions options,
        string? workingDirectory = null)
    {
        var style = new Styler(options);
        var frame = style.Unicode ? SpinnerFrames[(int)(elapsed.TotalMilliseconds / 250) % SpinnerFrames.Length] : "*";
        var lines = new List<string> { Header(style.Cyan(frame), call, workingDirectory, style.Dim($" · {Status.DurationText.Whole(elapsed)}"), width, style) };
        var tail = outputTail.Count <= OutputTailLines ? outputTail : outputTail.Skip(outputTail.Count - OutputTailLines).ToList();
        AddBody(lines, tail.Select(style.Dim), width, style);
        return lines;
    }

    public static IReadOnlyList<string> RenderFinished(
        ToolUseBlock call,
        ToolResult result,
        ToolCardStatus status,
        TimeSpan duration,
        int width,
        RenderOptions options,
        string? deniedReason = null,
        EditPreview? preview = null,
        string? workingDirectory = null)
    {
        var style = new Styler(options);
        var time = style.Dim($" · {Status.DurationText.Precise(duration)}");
        var text = CleanText(result.Text);
        var lines = new List<string>();
        switch (status)
        {
            case ToolCardStatus.Denied:
                lines.Add(Header(style.Yellow(style.Glyph("⊘", "!")), call, workingDirectory, string.Empty, width, style));
                AddBody(lines, [style.Yellow("Denied" + (deniedReason is { Length: > 0 } ? $": {OneLine(deniedReason)}" : string.Empty))], width, style);
                break;
            case ToolCardStatus.Failed:
                lines.Add(Header(style.Red(style.Glyph("✗", "x")), call, workingDirectory, time, width, style));
                AddBody(lines, Collapse(text, style, style.Red), width, style);
                break;
            default:
                lines.Add(Header(style.Green(style.Glyph("✓", "v")), call, workingDirectory, time, width, style));
                AddSuccessBody(lines, call, text, preview, width, style, workingDirectory);
                break;
        }

        return lines;
    }

    private static void AddSuccessBody(List<string> lines, ToolUseBlock call, string text, EditPreview? preview, int width, Styler style, string? workingDirectory)
    {
        if (preview is not null && EditPreview.IsFileEdit(call.Name))
        {
            var diff = DiffRenderer.Compute(preview.OldText, preview.NewText, preview.FirstLineNumber);
            var added = diff.Count(static l => l.Kind == DiffLineKind.Inserted);
            var removed = diff.Count(static l => l.Kind == DiffLineKind.Deleted);
            var path = ToolArguments.ShortPath(preview.Path, workingDirectory);
            var summary = call.Name == "Write" && preview.OldText.Length == 0
                ? $"Created {path} ({Count(added, "line")})"
                : $"Updated {path} with {Count(added, "addition")} and {Count(removed, "removal")}";
            AddBody(lines, [summary], width, style);
            foreach (var line in DiffRenderer.Render(preview.Path, preview.OldText, preview.NewText, width - 4, style.Options, DiffLines, preview.FirstLineNumber, header: false))
            {
                lines.Add("    " + line);
            }

            return;
        }

        var count = text.Length == 0 ? 0 : text.Split('\n').Length;
        var body = call.Name switch
        {
            "Read" => [$"Read {Count(count, "line")}"],
            "Bash" when count == 0 => [style.Dim("(no output)")],
            "Bash" => Collapse(text, style, style.Dim),
            _ when count == 0 => [style.Dim("(no output)")],
            _ when count == 1 => [text],
            _ => [OneLine(text) + style.Dim($" (+{Count(count - 1, "line")})")],
        };
        AddBody(lines, body, width, style);
    }

    private static string Header(string icon, ToolUseBlock call, string? workingDirectory, string suffix, int width, Styler style)
    {
        var argument = DisplayWidth.Sanitize(ToolArguments.KeyArgument(call.Name, call.Input, workingDirectory));
        var name = style.Bold(DisplayWidth.Sanitize(call.Name));
        var suffixWidth = DisplayWidth.Of(suffix);
        var head = argument.Length > 0 ? $"{icon} {name}({argument})" : $"{icon} {name}";
        if (DisplayWidth.Of(head) + suffixWidth > width && argument.Length > 0)
        {
            // Shorten the argument, keeping the closing parenthesis visible.
            var room = Math.Max(1, width - suffixWidth - DisplayWidth.Of($"{icon} {name}()"));
            head = $"{icon} {name}({AnsiWrapper.Truncate(argument, room)})";
        }

        return AnsiWrapper.Truncate(head + suffix, width);
    }

    private static void AddBody(List<string> lines, IEnumerable<string> body, int width, Styler style)
    {
        var first = true;
        foreach (var line in body)
        {
            var lead = first ? "  " + style.Dim(style.Glyph("⎿", "|")) + " " : "    ";
            lines.Add(lead + AnsiWrapper.Truncate(line, Math.Max(4, width - 4)));
            first = false;
        }
    }

    private static List<string> Collapse(string text, Styler style, Func<string, string> paint)
    {
        if (text.Length == 0)
        {
            return [style.Dim("(no output)")];
        }

        var all = text.Split('\n');
        var shown = all.Take(CollapsedOutputLines).Select(paint).ToList();
        if (all.Length > CollapsedOutputLines)
        {
            shown.Add(style.Dim($"{style.Glyph("…", "...")} +{Count(all.Length - CollapsedOutputLines, "line")}"));
        }

        return shown;
    }

    private static string CleanText(string text)
    {
        text = text.Replace("<tool_use_error>", string.Empty, StringComparison.Ordinal)
            .Replace("</tool_use_error>", string.Empty, StringComparison.Ordinal);
        return DisplayWidth.ExpandTabs(DisplayWidth.Sanitize(text)).TrimEnd('\n', ' ');
    }

    private static string OneLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline];
    }

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
