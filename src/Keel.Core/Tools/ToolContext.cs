namespace Keel.Core.Tools;

/// <summary>What one tool call gets besides its input.</summary>
public sealed record ToolContext(string ToolUseId, ToolSession Session, Action<ToolProgress>? ReportProgress = null)
{
    public void Progress(string message) => ReportProgress?.Invoke(new ToolProgress(ToolUseId, message));
}
