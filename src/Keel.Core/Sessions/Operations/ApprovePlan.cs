using Keel.Core.Interaction;

namespace Keel.Core.Sessions;

/// <summary>Answers a <see cref="PlanApprovalRequested"/>: approved (and the mode to continue in) or not, with feedback.</summary>
public sealed record ApprovePlan(string RequestId, PlanReview Review) : SessionOperation;
