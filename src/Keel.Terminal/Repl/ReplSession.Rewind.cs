using Keel.Core.Checkpoints;
using Keel.Core.Sessions;
using Keel.Terminal.Dialogs;

namespace Keel.Terminal.Repl;

/// <summary>
/// Esc Esc and <c>/rewind</c>: pick an earlier prompt (each shown with the files changed since), then restore
/// code and conversation, only one of them, or summarise from there. Restoring code asks before overwriting
/// a file changed outside Keel, and reports every file.
/// </summary>
public sealed partial class ReplSession
{
    private const string BashNote = "Changes made through Bash are not tracked: only files Keel's edit tools wrote are restored.";

    private void OfferRewind()
    {
        var prompts = _services.Engine.Prompts;
        if (prompts.Count == 0)
        {
            _hint = "Nothing to rewind to yet";
            return;
        }

        _ = RewindAsync([.. prompts.TakeLast(9)]);
    }

    private async Task RewindAsync(List<PromptPoint> shown)
    {
        var engine = _services.Engine;
        var previews = new List<FilesRewound>();
        foreach (var prompt in shown)
        {
            previews.Add(await engine.RewindFilesAsync(new RewindFiles(prompt.Id) { DryRun = true, OverwriteChangedFiles = true }));
        }

        var options = shown.Select((p, i) => new ChoiceOption(Shorten(p.Text, 60), ChangeSummary(previews[i]))).ToList();
        var picked = await ShowAsync(new ChoiceDialog("Rewind to before which prompt?", [BashNote], options), CancellationToken.None);
        if (picked is null)
        {
            return;
        }

        var point = shown[picked.Selected[0]];
        var preview = previews[picked.Selected[0]];
        var body = new List<string> { $"Before \"{Shorten(point.Text, 60)}\"" };
        body.AddRange(preview.Files.Select(f => $"  {FileLine(f)}{(f.ChangedOutsideKeel ? " (changed outside Keel)" : string.Empty)}"));
        body.Add(BashNote);
        var noCode = preview.Files.Count == 0 ? "no code changes" : null;
        var choice = await ShowAsync(
            new ChoiceDialog(
                "Rewind what?",
                body,
                [
                    new ChoiceOption("Restore code and conversation", noCode),
                    new ChoiceOption("Restore conversation", "files stay as they are"),
                    new ChoiceOption("Restore code", noCode ?? "the conversation stays"),
                    new ChoiceOption("Summarize from here", "the conversation from this prompt on becomes a summary"),
                    new ChoiceOption("Never mind"),
                ]),
            CancellationToken.None);
        if (choice is null || choice.Selected[0] == 4)
        {
            return;
        }

        var restoreCode = choice.Selected[0] is 0 or 2;
        var restoreConversation = choice.Selected[0] is 0 or 1;
        var overwrite = false;
        var changedOutside = preview.Files.Where(static f => f.ChangedOutsideKeel).ToList();
        if (restoreCode && changedOutside.Count > 0)
        {
            var confirm = await ShowAsync(
                new ChoiceDialog(
                    $"{changedOutside.Count} file(s) changed outside Keel since Keel last wrote them. Overwrite them?",
                    [.. changedOutside.Select(f => "  " + Display(f.Path))],
                    [new ChoiceOption("Overwrite them too"), new ChoiceOption("Restore only the other files"), new ChoiceOption("Cancel the rewind")]),
                CancellationToken.None);
            if (confirm is null || confirm.Selected[0] == 2)
            {
                Post(() => AddNotice("  Rewind cancelled; nothing changed.\n"));
                return;
            }

            overwrite = confirm.Selected[0] == 0;
        }

        if (choice.Selected[0] == 3)
        {
            Post(() => StartTurn(new SummarizeFromPrompt(point.Id), $"Summarize from \"{Shorten(point.Text, 60)}\""));
            return;
        }

        FilesRewound? rewound = null;
        if (restoreCode)
        {
            rewound = await engine.RewindFilesAsync(new RewindFiles(point.Id) { OverwriteChangedFiles = overwrite });
        }

        Post(() =>
        {
            if (restoreConversation)
            {
                _ = engine.Submit(new RewindConversation(point.Id));
                _editor.SetText(point.Text);
            }

            AddNotice(RewindReport(rewound, restoreConversation));
        });
    }

    private string RewindReport(FilesRewound? rewound, bool conversation)
    {
        var lines = new List<string>();
        if (rewound is { Error: { } error })
        {
            lines.Add($"  Code not restored: {error}");
        }
        else if (rewound is not null)
        {
            lines.Add(rewound.Files.Count == 0 ? "  Code: no file changed since that prompt." : "  Code restored:");
            lines.AddRange(rewound.Files.Select(f => f.Status switch
            {
                FileRewindStatus.Restored => $"    Restored {FileLine(f)}",
                FileRewindStatus.Deleted => $"    Deleted {Display(f.Path)} (Keel created it)",
                FileRewindStatus.ChangedOutsideKeel => $"    Kept {Display(f.Path)}: changed outside Keel",
                _ => $"    Could not restore {Display(f.Path)}: {f.Error}",
            }));
        }

        lines.Add(conversation
            ? "  Rewound: the conversation continues from before that prompt."
            : "  The conversation stays as it is.");
        return string.Join('\n', lines) + "\n";
    }

    private string FileLine(FileRewind file) => $"{Display(file.Path)} +{file.Insertions} -{file.Deletions}";

    private string Display(string path) => _services.Session.Tools.DisplayPath(path);

    private static string ChangeSummary(FilesRewound preview) => preview switch
    {
        { Error: not null } => "no checkpoint",
        { Files.Count: 0 } => "no code changes since",
        _ => $"{preview.Files.Count} file{(preview.Files.Count == 1 ? string.Empty : "s")} changed since +{preview.Files.Sum(static f => f.Insertions)} -{preview.Files.Sum(static f => f.Deletions)}",
    };

    private static string Shorten(string text, int width)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > width ? line[..(width - 1)] + "…" : line;
    }
}
