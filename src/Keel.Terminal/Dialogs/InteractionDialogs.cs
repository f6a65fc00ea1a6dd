using Keel.Core.Interaction;
using Keel.Core.Permissions;

namespace Keel.Terminal.Dialogs;

/// <summary>AskUserQuestion and plan approval as pickers in the live region.</summary>
public sealed class InteractionDialogs(IDialogHost host) : IUserInteraction
{
    public bool IsAvailable => true;

    public async ValueTask<IReadOnlyDictionary<string, string>?> AskQuestionsAsync(IReadOnlyList<UserQuestion> questions, CancellationToken cancellationToken)
    {
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var question in questions)
        {
            var options = question.Options.Select(static o => new ChoiceOption(o.Label, o.Description)).Append(new ChoiceOption("Other", TakesText: true)).ToList();
            var dialog = new ChoiceDialog($"[{question.Header}] {question.Question}", [], options, question.MultiSelect);
            var result = await host.ShowAsync(dialog, cancellationToken);
            if (result is null)
            {
                return null;
            }

            var picked = result.Selected
                .Select(i => i == options.Count - 1 ? result.Text ?? string.Empty : options[i].Label)
                .Where(static a => a.Length > 0);
            answers[question.Question] = string.Join(", ", picked);
        }

        return answers;
    }

    public async ValueTask<PlanReview> ReviewPlanAsync(string plan, CancellationToken cancellationToken)
    {
        var dialog = new ChoiceDialog(
            "Ready to code? Here is the plan:",
            plan.Split('\n'),
            [
                new ChoiceOption("Yes, and auto-accept edits"),
                new ChoiceOption("Yes, and ask before each edit"),
                new ChoiceOption("No, keep planning", "Tell the model what to change", TakesText: true),
            ]);
        var result = await host.ShowAsync(dialog, cancellationToken);
        return result?.Selected[0] switch
        {
            0 => new PlanReview(true, PermissionMode.AcceptEdits),
            1 => new PlanReview(true, PermissionMode.Default),
            2 => new PlanReview(false, PermissionMode.Plan, result.Text),
            _ => new PlanReview(false, PermissionMode.Plan, "The user did not approve the plan yet."),
        };
    }
}
