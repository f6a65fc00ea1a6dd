using Keel.Core.Messages;
using Keel.Core.Permissions;

namespace Keel.Core.Sessions;

/// <summary>For <c>--no-session-persistence</c>: records nothing.</summary>
public sealed class NullSessionRecorder : ISessionRecorder
{
    public static readonly NullSessionRecorder Instance = new();

    public void RecordUser(Message message)
    {
    }

    public void RecordAssistant(AssistantMessage message, decimal costUsd)
    {
    }

    public void RecordPermission(string toolUseId, string toolName, PermissionDecision decision)
    {
    }
}
