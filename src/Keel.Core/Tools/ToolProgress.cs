namespace Keel.Core.Tools;

/// <summary>A progress note from a running tool (e.g. the last line a command printed).</summary>
public sealed record ToolProgress(string ToolUseId, string Message);
