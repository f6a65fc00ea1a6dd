using Keel.Core.Permissions;
using Keel.Core.Tools;

namespace Keel.Terminal.Dialogs;

/// <summary>
/// The permission prompt as a dialog in the live region: the tool, what the tool says the call does
/// (<see cref="PermissionDialogBody"/>: the command, the edit as before/after, the URL), why it asks, and the answers:
/// yes; yes and don't ask again (naming the rule saved: the command prefix, the file or its directory); yes for the
/// rest of the session; for edits, accept all edits this session; no, with an optional message for the model.
/// </summary>
/// <param name="acceptEdits">Switches the session to acceptEdits (the "accept all edits" answer); null leaves that answer out.</param>
public sealed class PermissionDialogs(IDialogHost host, Action? acceptEdits = null)
{
    private const string LocalSettings = ".keel/settings.local.json";

    /// <summary>Shows the dialog for a session's <see cref="PermissionRequested"/>; dismissing it (or cancelling) rejects.</summary>
    public async ValueTask<PermissionAnswer> AskAsync(PermissionRequested request, CancellationToken cancellationToken)
    {
        var (toolName, input, decision) = (request.ToolName, request.Input, request.Decision);
        var rule = request.SuggestedRule ?? toolName;
        var body = new List<string>();
        body.AddRange(PermissionDialogBody.Lines(request.Facets, input));
        body.Add(string.Empty);
        body.Add($"Why: {decision.Reason}");

        var always = new PermissionAnswer(PermissionAnswerKind.AllowAlways);
        var answers = new List<(ChoiceOption Option, Func<string?, PermissionAnswer> Answer)>
        {
            (new ChoiceOption("Yes"), static _ => new PermissionAnswer(PermissionAnswerKind.AllowOnce)),
        };
        var edit = request.Facets.Command is null && request.Facets.Paths.Any(static p => p.Access == PathAccess.Write);
        if (edit && DirectoryRule(rule) is { } directory)
        {
            answers.Add((new ChoiceOption($"Yes, and don't ask again for this file: {rule}", $"saved to {LocalSettings}"), _ => always));
            answers.Add((new ChoiceOption($"Yes, and don't ask again for this directory: {directory}", $"saved to {LocalSettings}"), _ => always with { Rules = [directory] }));
        }
        else
        {
            answers.Add((new ChoiceOption($"Yes, and don't ask again for {rule} (saved to {LocalSettings})"), _ => always));
        }

        answers.Add((new ChoiceOption("Yes, for the rest of this session", $"allows {rule} until Keel exits; nothing is saved"), _ => always with { SessionOnly = true }));
        if (edit && acceptEdits is not null)
        {
            answers.Add((new ChoiceOption("Yes, and accept all edits this session", "switches to acceptEdits mode (shift+tab switches back)"), _ =>
            {
                acceptEdits();
                return new PermissionAnswer(PermissionAnswerKind.AllowOnce);
            }));
        }

        answers.Add((new ChoiceOption("No, and tell the model what to do instead (Enter alone just declines)", TakesText: true), static text => new PermissionAnswer(PermissionAnswerKind.Reject, text)));
        var dialog = new ChoiceDialog(
            request.ParentToolUseId is null ? $"{toolName}: allow this call?" : $"{toolName} (from a subagent): allow this call?",
            body,
            [.. answers.Select(static a => a.Option)]);
        var result = await host.ShowAsync(dialog, cancellationToken);
        return result is { Selected: [var picked, ..] } && picked < answers.Count
            ? answers[picked].Answer(result.Text)
            : new PermissionAnswer(PermissionAnswerKind.Reject, "The user declined this call. Wait for their next instruction.");
    }

    /// <summary>The rule for every file in the directory of a path rule's file: <c>Edit(/src/app.cs)</c> → <c>Edit(/src/**)</c>.</summary>
    public static string? DirectoryRule(string fileRule)
    {
        var open = fileRule.IndexOf('(', StringComparison.Ordinal);
        if (open <= 0 || !fileRule.EndsWith(')') || fileRule.Contains(", ", StringComparison.Ordinal))
        {
            return null;
        }

        var path = fileRule[(open + 1)..^1];
        var slash = path.LastIndexOf('/');
        return slash < 0 || path.EndsWith("/**", StringComparison.Ordinal) ? null : $"{fileRule[..open]}({path[..(slash + 1)]}**)";
    }
}
