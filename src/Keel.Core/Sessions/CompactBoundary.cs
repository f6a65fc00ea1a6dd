using Keel.Core.Messages;

namespace Keel.Core.Sessions;

/// <summary>
/// A compaction in the transcript: everything above it stays on disk, and loading the session
/// starts from <see cref="Message"/> (the summary and re-attached context) instead.
/// </summary>
public sealed record CompactBoundary(string Trigger, long PreTokens, string Summary, Message Message);
