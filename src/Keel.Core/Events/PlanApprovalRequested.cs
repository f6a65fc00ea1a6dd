namespace Keel.Core.Events;

/// <summary>The model presents a plan (ExitPlanMode) for approval; answered by <see cref="Sessions.ApprovePlan"/>.</summary>
public sealed record PlanApprovalRequested(string RequestId, string Plan) : AgentEvent;
