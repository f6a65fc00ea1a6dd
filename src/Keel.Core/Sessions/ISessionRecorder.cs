using Keel.Core.Messages;
using Keel.Core.Permissions;

namespace Keel.Core.Sessions;

/// <summary>Receives every message of a session as it happens (the transcript, or nothing).</summary>
public interface ISessionRecorder
{
    /// <summary>Written and flushed before the model is called.</summary>
    void RecordUser(Message message);

    void RecordAssistant(AssistantMessage message, decimal costUsd);

    void RecordPermission(string toolUseId, string toolName, PermissionDecision decision);

    /// <summary>The conversation was compacted; loading resumes from this record.</summary>
    void RecordCompactBoundary(CompactBoundary boundary)
    {
    }

    /// <summary>The user replaced the conversation (<c>/clear</c>, rewind, <c>/resume</c>); loading resumes from this record.</summary>
    void RecordConversationReset(ConversationReset reset)
    {
    }

    /// <summary>A hook ran (event, matcher, handler, duration, exit code, what it decided).</summary>
    void RecordHook(Hooks.HookInvocation invocation)
    {
    }
}
