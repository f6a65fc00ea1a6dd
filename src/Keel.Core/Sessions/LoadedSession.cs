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
    int RepairedToolCalls);
