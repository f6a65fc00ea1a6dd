using Keel.Core.Compaction;
using Keel.Terminal.Rendering.Text;

namespace Keel.Terminal.Rendering.Status;

/// <summary>The one-line "alive" indicator under a running turn: verb, elapsed time, tokens, retry countdown, context use.</summary>
public static class SpinnerRenderer
{
    private static readonly string[] UnicodeFrames = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
    private static readonly string[] AsciiFrames = ["|", "/", "-", "\\"];

    public static string Render(SpinnerInfo info, int width, RenderOptions options)
    {
        var style = new Styler(options);
        var frames = options.Unicode ? UnicodeFrames : AsciiFrames;
        var frame = frames[(int)(info.Elapsed.TotalMilliseconds / 100) % frames.Length];
        var details = new List<string> { DurationText.Whole(info.Elapsed) };
        if (info.Tokens > 0)
        {
            details.Add($"{style.Glyph("↓", "v")} {DurationText.Tokens(info.Tokens)} tokens");
        }

        if (info.ContextPercent is { } percent)
        {
            details.Add(ContextText(percent, info.ContextLevel, style));
        }

        var ellipsis = style.Glyph("…", "...");
        string line;
        if (info.RetryIn is { } wait)
        {
            var seconds = (int)Math.Ceiling(Math.Max(0, wait.TotalSeconds));
            var reason = info.RetryReason is { Length: > 0 } r ? $"{DisplayWidth.Sanitize(r)} · " : string.Empty;
            var attempt = info.RetryMax > 0 ? $"{info.RetryAttempt}/{info.RetryMax}" : $"{info.RetryAttempt}";
            line = style.Yellow(frame) + " " + style.Yellow($"{reason}retrying in {seconds} s (attempt {attempt})") + " " + style.Dim($"({string.Join(" · ", details)})");
        }
        else
        {
            line = style.Cyan(frame) + " " + style.Bold($"{info.Verb}{ellipsis}") + " " + style.Dim("(") + string.Join(style.Dim(" · "), details.Select(d => d.Contains('\e', StringComparison.Ordinal) ? d : style.Dim(d))) + style.Dim(" · esc to interrupt)");
        }

        return AnsiWrapper.Truncate(line, width);
    }

    /// <summary>"ctx 83%" coloured by the token warning state.</summary>
    public static string ContextText(int percent, ContextLevel level, Styler style)
    {
        var text = $"ctx {percent}%";
        return level switch
        {
            ContextLevel.Warning => style.Yellow(text),
            ContextLevel.AutoCompact => style.Apply(text, Sgr.BrightYellow, Sgr.Bold),
            ContextLevel.Blocking => style.Apply(text, Sgr.BrightRed, Sgr.Bold),
            _ => style.Dim(text),
        };
    }
}
