namespace Keel.Core.Events;

/// <summary>
/// Everything a session reports, as one closed hierarchy: only Keel.Core declares events, so a surface's
/// <c>switch</c> over them sees every kind there is. A <see cref="Sessions.Session"/> emits them in order on
/// one stream; requests (<see cref="PermissionRequested"/>, <see cref="QuestionRequested"/>,
/// <see cref="PlanApprovalRequested"/>) carry an id that the matching operation answers.
/// </summary>
public abstract record AgentEvent
{
    private protected AgentEvent()
    {
    }
}
