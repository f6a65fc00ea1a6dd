namespace Keel.Core.Compaction;

/// <summary>
/// Session state that must survive a compaction (the todo list, invoked skills): rendered into the
/// message that replaces the conversation. Null or empty means nothing to re-attach now.
/// </summary>
public interface ICompactionAttachment
{
    string? Render();
}
