using System.Globalization;
using Keel.Terminal.Rendering.Text;

namespace Keel.Terminal.Rendering.Status;

/// <summary>The one-line status bar: model · mode · cwd · cost (· context), fitted to the width by shortening the path first.</summary>
public static class StatusBarRenderer
{
    public static string Render(StatusBarInfo info, int width, RenderOptions options)
    {
        var style = new Styler(options);
        var separator = style.Dim(" · ");
        var parts = new List<string> { style.Cyan(DisplayWidth.Sanitize(info.Model)), ModeText(info.PermissionMode, style) };
        var tail = new List<string>();
        if (info.CostUsd is { } cost)
        {
            tail.Add(style.Dim("$" + cost.ToString(cost < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture)));
        }

        if (info.ContextPercent is { } percent)
        {
            tail.Add(SpinnerRenderer.ContextText(percent, info.ContextLevel, style));
        }

        var fixedWidth = parts.Concat(tail).Sum(DisplayWidth.Of) + (DisplayWidth.Of(separator) * (parts.Count + tail.Count));
        var path = ShortenPath(DisplayWidth.Sanitize(info.WorkingDirectory), info.HomeDirectory, Math.Max(8, width - fixedWidth), style);
        return AnsiWrapper.Truncate(string.Join(separator, parts.Append(style.Dim(path)).Concat(tail)), width);
    }

    /// <summary>Replaces the home directory with "~" and drops leading folders ("…/src/app") until the path fits.</summary>
    public static string ShortenPath(string path, string? home, int width, Styler style)
    {
        if (home is { Length: > 1 } && (path == home || path.StartsWith(home.TrimEnd('/') + "/", StringComparison.Ordinal)))
        {
            path = "~" + path[home.TrimEnd('/').Length..];
        }

        if (DisplayWidth.Of(path) <= width)
        {
            return path;
        }

        var ellipsis = style.Glyph("…", "...");
        var segments = path.Split('/');
        for (var skip = 1; skip < segments.Length; skip++)
        {
            var candidate = ellipsis + "/" + string.Join('/', segments[skip..]);
            if (DisplayWidth.Of(candidate) <= width)
            {
                return candidate;
            }
        }

        return AnsiWrapper.Truncate(segments[^1], width, ellipsis);
    }

    private static string ModeText(string mode, Styler style) => mode switch
    {
        "plan" => style.Cyan("plan mode"),
        "acceptEdits" => style.Apply("accept edits", Sgr.Magenta),
        "bypassPermissions" => style.Red("bypass permissions"),
        "dontAsk" => style.Yellow("don't ask"),
        _ => style.Dim(DisplayWidth.Sanitize(mode)),
    };
}
