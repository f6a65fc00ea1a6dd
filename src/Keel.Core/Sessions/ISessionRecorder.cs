using Keel.Core.Messages;
using Keel.Core.Permissions;

namespace Keel.Core.Sessions;

/// <summary>Receives every message of a session as it happens (the transcript, or nothing).</summary>
public interface ISessionRecorder
{
    /// <summary>Written and flushed before the model is called.</summary>
    void RecordUser(Message message);

    /// <summary>A prompt the user sent, under its id (the user record's uuid); written and flushed before the model is called.</summary>
    void RecordPrompt(Message message, string promptId) => RecordUser(message);

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

    /// <summary>A file checkpoint: a file's content before a prompt's first write, or what Keel left in it.</summary>
    void RecordCheckpoint(Checkpoints.FileCheckpointRecord record)
    {
    }

    /// <summary>ToolSearch loaded these deferred tools; they stay loaded for the session, also after <c>-c</c>.</summary>
    void RecordToolsLoaded(IReadOnlyList<string> names)
    {
    }

    /// <summary>The static prefix's cache lifetime changed (<c>1h</c>); a continued session keeps it, so its bytes stay the same.</summary>
    void RecordCacheTtl(string ttl)
    {
    }

    /// <summary>A skill was invoked; its instructions are re-attached when the session is resumed.</summary>
    void RecordSkillInvoked(string name, string content)
    {
    }

    /// <summary>A hook ran (event, matcher, handler, duration, exit code, what it decided).</summary>
    void RecordHook(Hooks.HookInvocation invocation)
    {
    }
}
