using Keel.Core.Model;

namespace Keel.Core.Agent;

/// <summary>
/// Work that starts after a turn completes (memory extraction). Called on the loop's thread with the
/// request that would continue the conversation; it must return at once and do its work in the background.
/// </summary>
public interface ITurnFollowUp
{
    void TurnCompleted(ModelRequest conversation);
}
