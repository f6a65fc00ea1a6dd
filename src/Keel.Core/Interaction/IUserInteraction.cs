namespace Keel.Core.Interaction;

/// <summary>
/// Questions only a person can answer: AskUserQuestion and plan approval. The terminal shows pickers;
/// headless has nobody (<see cref="NoUserInteraction"/>) unless an SDK host answers over stream-json.
/// </summary>
public interface IUserInteraction
{
    /// <summary>True when someone can answer; tools tell the model plainly when nobody can.</summary>
    bool IsAvailable { get; }

    /// <summary>The answers keyed by question text, or null when the user dismissed the questions.</summary>
    ValueTask<IReadOnlyDictionary<string, string>?> AskQuestionsAsync(IReadOnlyList<UserQuestion> questions, CancellationToken cancellationToken);

    ValueTask<PlanReview> ReviewPlanAsync(string plan, CancellationToken cancellationToken);
}
