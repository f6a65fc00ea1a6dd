using System.Globalization;

namespace Keel.Core.Tools.Deferral;

/// <summary>
/// When deferrable tools are sent by name only: <c>ENABLE_TOOL_SEARCH</c> (or the <c>toolSearch</c> setting) says
/// <c>true</c> (always), <c>false</c> (never), <c>auto</c> (when all tool definitions would take more than 10% of the
/// context window) or <c>auto:N</c> (more than N%). Anything else is <c>auto</c>.
/// </summary>
public sealed record ToolSearchMode(bool Always, bool Never, int Percent)
{
    public const int DefaultPercent = 10;

    public static ToolSearchMode Auto { get; } = new(false, false, DefaultPercent);

    /// <summary>The environment variable wins over the setting (as it does for Claude Code users).</summary>
    public static ToolSearchMode Parse(string? environment, string? setting)
    {
        var text = (string.IsNullOrWhiteSpace(environment) ? setting : environment)?.Trim().ToLowerInvariant();
        switch (text)
        {
            case "true" or "1" or "on" or "always":
                return new ToolSearchMode(true, false, 0);
            case "false" or "0" or "off" or "never":
                return new ToolSearchMode(false, true, 0);
        }

        if (text is not null && text.StartsWith("auto:", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var percent))
        {
            return new ToolSearchMode(false, false, Math.Clamp(percent, 0, 100));
        }

        return Auto;
    }

    /// <summary>True when tools should be deferred, given what their full definitions would cost.</summary>
    public bool Defers(long definitionTokens, int contextWindow) =>
        !Never && (Always || definitionTokens * 100 > (long)contextWindow * Percent);
}
