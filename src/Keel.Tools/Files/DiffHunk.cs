namespace Keel.Tools.Files;

/// <summary>One unified-diff hunk: 1-based starts, line counts, and lines prefixed with ' ', '-' or '+'.</summary>
internal sealed record DiffHunk(int OldStart, int OldLines, int NewStart, int NewLines, IReadOnlyList<string> Lines);
