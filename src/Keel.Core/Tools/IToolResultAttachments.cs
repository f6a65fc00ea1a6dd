using Keel.Core.Messages;

namespace Keel.Core.Tools;

/// <summary>
/// Context that joins a tool's result because of what the call touched (the instructions of a nested
/// folder, a rule matching the file). Called after the tool ran; null adds nothing.
/// </summary>
public interface IToolResultAttachments
{
    string? For(ToolUseBlock call, ToolResult result, ToolSession session);
}
