using Keel.Core.Tools;
using Keel.Terminal.Rendering.Diff;
using Keel.Terminal.Rendering.Text;

namespace Keel.Terminal.Rendering.ToolCards;

/// <summary>
/// Compact cards for tool calls: a header (status, tool, the tool's summary of the call, time) and a few body lines,
/// drawn from the facets and display payloads tools produce; the renderer knows no tool by name and never reads input.
/// </summary>
public static class ToolCardRenderer
{
    public const int OutputTailLines = 5;
    public const int CollapsedOutputLines = 3;
    public const int DiffLines = 24;
    private static readonly string[] SpinnerFrames = ["◐", "◓", "◑", "◒"];
    private static readonly TimeSpan BackgroundHintAfter = TimeSpan.FromSeconds(2);

    /// <summary>A running call: the tool's name and summary, the time so far and the last lines it printed.</summary>
    public static IReadOnlyList<string> RenderRunning(
        string toolName,
        ToolFacets facets,
        TimeSpan elapsed,
        IReadOnlyList<string> outputTail,
        int width,
        RenderOptions options)
    {
        var style = new Styler(options);
        var frame = style.Unicode ? SpinnerFrames[(int)(elapsed.TotalMilliseconds / 250) % SpinnerFrames.Length] : "*";
        // A command that takes a while can go on in the background (Ctrl+B); the card says so once it has run a bit.
        var hint = facets.Display is CommandDisplay && elapsed >= BackgroundHintAfter ? " · ctrl+b to run in background" : string.Empty;
        var lines = new List<string> { Header(style.Cyan(frame), toolName, facets, style.Dim($" · {Status.DurationText.Whole(elapsed)}{hint}"), width, style) };
        var tail = outputTail.Count <= OutputTailLines ? outputTail : outputTail.Skip(outputTail.Count - OutputTailLines).ToList();
        AddBody(lines, tail.Select(style.Dim), width, style);
        return lines;
    }

    /// <summary>
    /// A finished call, from what the tool said about it (<paramref name="facets"/>) and the display payload of its
    /// result: the change an edit made as a diff, a command's output collapsed, the lines a read returned.
    /// </summary>
    public static IReadOnlyList<string> RenderFinished(
        string toolName,
        ToolFacets facets,
        ToolResult result,
        ToolCardStatus status,
        TimeSpan duration,
        int width,
        RenderOptions options,
        string? deniedReason = null,
        string? workingDirectory = null,
        bool showDuration = true)
    {
        var style = new Styler(options);
        var time = showDuration ? style.Dim($" · {Status.DurationText.Precise(duration)}") : string.Empty;
        var text = CleanText(result.Text);
        var lines = new List<string>();
        switch (status)
        {
            case ToolCardStatus.Denied:
                lines.Add(Header(style.Yellow(style.Glyph("⊘", "!")), toolName, facets, string.Empty, width, style));
                AddBody(lines, [style.Yellow("Denied" + (deniedReason is { Length: > 0 } ? $": {OneLine(deniedReason)}" : string.Empty))], width, style);
                break;
            case ToolCardStatus.Failed:
                lines.Add(Header(style.Red(style.Glyph("✗", "x")), toolName, facets, time, width, style));
                AddBody(lines, Collapse(text, style, style.Red), width, style);
                break;
            default:
                lines.Add(Header(style.Green(style.Glyph("✓", "v")), toolName, facets, time, width, style));
                AddSuccessBody(lines, facets, result.Display, text, width, style, workingDirectory);
                break;
        }

        return lines;
    }

    private static void AddSuccessBody(List<string> lines, ToolFacets facets, ToolDisplay? outcome, string text, int width, Styler style, string? workingDirectory)
    {
        if (outcome is FilePatchDisplay patch)
        {
            var diff = DiffRenderer.Compute(patch.OldText, patch.NewText, patch.FirstLineNumber);
            var added = diff.Count(static l => l.Kind == DiffLineKind.Inserted);
            var removed = diff.Count(static l => l.Kind == DiffLineKind.Deleted);
            var path = ShortPath(patch.Path, workingDirectory);
            var summary = patch.Created
                ? $"Created {path} ({Count(added, "line")})"
                : $"Updated {path} with {Count(added, "addition")} and {Count(removed, "removal")}";
            AddBody(lines, [summary], width, style);
            foreach (var line in DiffRenderer.Render(patch.Path, patch.OldText, patch.NewText, width - 4, style.Options, DiffLines, patch.FirstLineNumber, header: false))
            {
                lines.Add("    " + line);
            }

            return;
        }

        var count = text.Length == 0 ? 0 : text.Split('\n').Length;
        var body = facets.Display switch
        {
            FileReadDisplay => [$"Read {Count(count, "line")}"],
            CommandDisplay => Collapse(text, style, style.Dim),
            _ when count == 0 => [style.Dim("(no output)")],
            _ when count == 1 => [text],
            _ => [OneLine(text) + style.Dim($" (+{Count(count - 1, "line")})")],
        };
        AddBody(lines, body, width, style);
    }

    private static string Header(string icon, string toolName, ToolFacets facets, string suffix, int width, Styler style)
    {
        var argument = DisplayWidth.Sanitize(SummaryLine(facets.Summary));
        var name = style.Bold(DisplayWidth.Sanitize(toolName));
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

    /// <summary>The first line of a summary; a cut is marked.</summary>
    private static string SummaryLine(string summary)
    {
        var newline = summary.IndexOfAny(['\n', '\r']);
        return newline < 0 ? summary.Trim() : summary[..newline].Trim() + " …";
    }

    /// <summary>A path relative to the working directory when it lies inside it.</summary>
    private static string ShortPath(string path, string? workingDirectory)
    {
        if (string.IsNullOrEmpty(workingDirectory))
        {
            return path;
        }

        var root = workingDirectory.TrimEnd('/') + "/";
        return path.StartsWith(root, StringComparison.Ordinal) && path.Length > root.Length ? path[root.Length..] : path;
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
            shown.Add(style.Dim($"{style.Glyph("…", "...")} +{Count(all.Length - CollapsedOutputLines, "line")} (ctrl+o to expand)"));
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
