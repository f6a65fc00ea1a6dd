namespace Keel.Core.Tools;

/// <summary>
/// What one call of a tool is, as the tool itself describes it: what permission rules match against
/// (paths, URL, command, or another value such as an agent type), whether it may run alongside other calls,
/// a one-line summary and a typed display payload for cards and dialogs. Computed once, from the decoded input.
/// </summary>
public sealed record ToolFacets
{
    public static readonly ToolFacets None = new();

    /// <summary>Paths the call reads or writes; path rules and the working directories apply to them.</summary>
    public IReadOnlyList<ToolPathTarget> Paths { get; init; } = [];

    /// <summary>The URL the call reaches; <c>Tool(domain:...)</c> rules match its host.</summary>
    public string? Url { get; init; }

    /// <summary>The shell command the call runs; the shell analyzer and <c>Bash(...)</c> rules see it.</summary>
    public string? Command { get; init; }

    /// <summary>What a <c>Tool(value)</c> rule matches for other tools (an Agent's subagent type), or null.</summary>
    public string? RuleContent { get; init; }

    /// <summary>True when this call changes nothing outside Keel.</summary>
    public bool IsReadOnly { get; init; }

    /// <summary>True when this call may run alongside other safe calls. False when unsure.</summary>
    public bool IsConcurrencySafe { get; init; }

    /// <summary>
    /// True when the call only reads local state (files, a read-only command's output), so it may start while the model is
    /// still streaming the rest of its response: if that response is abandoned the call is cancelled and leaves nothing
    /// behind. Only a concurrency-safe call starts early. False when unsure.
    /// </summary>
    public bool StartsEarly { get; init; }

    /// <summary>One line saying what the call does, for card headers and dialogs (no tool name).</summary>
    public string Summary { get; init; } = string.Empty;

    /// <summary>The payload a card or dialog shows (command, URL, patch), or null.</summary>
    public ToolDisplay? Display { get; init; }
}
