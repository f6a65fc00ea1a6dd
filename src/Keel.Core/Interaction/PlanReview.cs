using Keel.Core.Permissions;

namespace Keel.Core.Interaction;

/// <summary>The user's verdict on a plan: approved with the mode to continue in, or not, with feedback for the model.</summary>
public sealed record PlanReview(bool Approved, PermissionMode NextMode, string? Feedback = null);
