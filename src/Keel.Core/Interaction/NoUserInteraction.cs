using Keel.Core.Permissions;

namespace Keel.Core.Interaction;

/// <summary>Headless without an SDK host: nobody to ask.</summary>
public sealed class NoUserInteraction : IUserInteraction
{
    public static NoUserInteraction Instance { get; } = new();

    public bool IsAvailable => false;

    public ValueTask<IReadOnlyDictionary<string, string>?> AskQuestionsAsync(IReadOnlyList<UserQuestion> questions, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyDictionary<string, string>?>(null);

    public ValueTask<PlanReview> ReviewPlanAsync(string plan, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new PlanReview(false, PermissionMode.Plan, "Nobody is available to approve the plan in this run."));
}
