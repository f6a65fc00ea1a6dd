using Keel.Core.Permissions;

namespace Keel.Terminal.Dialogs;

/// <summary>
/// The permission prompt as a dialog in the live region: the tool, what the tool says the call does
/// (<see cref="PermissionDialogBody"/>: the command, the edit as before/after, the URL), why it asks, and
/// Yes / Yes-and-remember (naming the rule that will be saved) / No with free-text feedback for the model.
/// </summary>
public sealed class PermissionDialogs(IDialogHost host)
{
    /// <summary>Shows the dialog for a session's <see cref="PermissionRequested"/>; dismissing it (or cancelling) rejects.</summary>
    public async ValueTask<PermissionAnswer> AskAsync(PermissionRequested request, CancellationToken cancellationToken)
    {
        var (toolName, input, decision) = (request.ToolName, request.Input, request.Decision);
        var rule = request.SuggestedRule ?? toolName;
        var body = new List<string>();
        body.AddRange(PermissionDialogBody.Lines(request.Facets, input));
        body.Add(string.Empty);
        body.Add($"Why: {decision.Reason}");
        var dialog = new ChoiceDialog(
            request.ParentToolUseId is null ? $"{toolName}: allow this call?" : $"{toolName} (from a subagent): allow this call?",
            body,
            [
                new ChoiceOption("Yes"),
                new ChoiceOption($"Yes, and don't ask again for {rule} (saved to .keel/settings.local.json)"),
                new ChoiceOption("No, and tell the model what to do instead", TakesText: true),
            ]);
        var result = await host.ShowAsync(dialog, cancellationToken);
        return result?.Selected[0] switch
        {
            0 => new PermissionAnswer(PermissionAnswerKind.AllowOnce),
            1 => new PermissionAnswer(PermissionAnswerKind.AllowAlways),
            2 => new PermissionAnswer(PermissionAnswerKind.Reject, result.Text),
            _ => new PermissionAnswer(PermissionAnswerKind.Reject, "The user declined this call. Wait for their next instruction."),
        };
    }
}
