using Keel.Core.Cost;
using Keel.Core.Messages;

namespace Keel.Core.Sessions;

/// <summary>A transcript read back: the repaired conversation and what it cost so far.</summary>
public sealed record LoadedSession(
    string SessionId,
    string Path,
    IReadOnlyList<Message> Messages,
    string? LastUuid,
    IReadOnlyList<ModelUsage> Usage,
    int SkippedLines,
    int RepairedToolCalls)
{
    /// <summary>
    /// The synthetic results the repair added after the transcript's last assistant message (the session
    /// died while its tools ran), or null. Written to the file on resume so the transcript itself is valid.
    /// </summary>
    public Message? TrailingRepair { get; init; }

    /// <summary>True when reading stopped at the requested message (<c>--resume-session-at</c>).</summary>
    public bool ReachedStop { get; init; }

    /// <summary>The prompts of the loaded conversation, the points a rewind goes back to.</summary>
    public IReadOnlyList<PromptPoint> Prompts { get; init; } = [];

    /// <summary>Every prompt id of the session in order, also those a rewind or /clear dropped (their file checkpoints stay).</summary>
    public IReadOnlyList<string> PromptIds { get; init; } = [];

    /// <summary>Deferred tools ToolSearch loaded, in load order (across compactions and resets).</summary>
    public IReadOnlyList<string> LoadedTools { get; init; } = [];

    /// <summary>Skills invoked in the session, oldest first, with the instructions they brought.</summary>
    public IReadOnlyList<(string Name, string Content)> InvokedSkills { get; init; } = [];

    /// <summary>The git branch the session last recorded, or null.</summary>
    public string? GitBranch { get; init; }

    /// <summary>The static prefix's cache lifetime the session moved to (<c>1h</c>), or null for the default.</summary>
    public string? CacheTtl { get; init; }

    /// <summary>The time of the transcript's last record, or null when none has one.</summary>
    public DateTimeOffset? LastActivity { get; init; }

    /// <summary>The file checkpoint records, in order.</summary>
    public IReadOnlyList<Checkpoints.FileCheckpointRecord> Checkpoints { get; init; } = [];
}
