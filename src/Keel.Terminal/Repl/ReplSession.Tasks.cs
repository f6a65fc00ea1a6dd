using Keel.Core.Tasks;
using Keel.Terminal.Dialogs;

namespace Keel.Terminal.Repl;

/// <summary>
/// <c>/tasks</c>: the background tasks with the end of each one's output as a preview; picking a running one offers to
/// stop it, picking a finished one prints its output. Ctrl+B (see the keys) is how a running command gets there.
/// </summary>
public sealed partial class ReplSession
{
    private const int TaskPreviewLines = 8;
    private const int TaskOutputChars = 4_000;

    private void OfferTasks()
    {
        var tasks = _services.Session.Tools.Background.All;
        if (tasks.Count == 0)
        {
            AddNotice("  No background tasks.\n");
            return;
        }

        var now = _time.GetUtcNow();
        var options = tasks.Select(t => new ChoiceOption(
            $"{t.Id} · {t.Kind} · {t.Status.ToString().ToLowerInvariant()} · {TaskAge(now - t.StartedAt)}",
            t.Description.ReplaceLineEndings(" "))).ToList();
        var dialog = new ChoiceDialog("Background tasks", ["Enter on a running task offers to stop it; on a finished one, prints its output."], options)
        {
            Filterable = true,
            MaxVisible = 8,
            Preview = i => TaskPreview(tasks[i]),
        };
        _ = PickThen(dialog, result =>
        {
            var task = tasks[result.Selected[0]];
            if (task.Status != BackgroundTaskStatus.Running)
            {
                AddNotice($"  {task.Id} ({task.Status.ToString().ToLowerInvariant()}):\n" + IndentOutput(task.OutputTail(TaskOutputChars)));
                return;
            }

            var confirm = new ChoiceDialog($"Stop {task.Id}?", [task.Description.ReplaceLineEndings(" ")], [new ChoiceOption("Stop it"), new ChoiceOption("Keep it running")]);
            _ = PickThen(confirm, answer =>
            {
                if (answer.Selected[0] == 0)
                {
                    _ = StopTaskAsync(task);
                }
            });
        });
    }

    private async Task StopTaskAsync(IBackgroundTask task)
    {
        await task.StopAsync();
        Post(() => AddNotice($"  Stopped {task.Id} ({task.Kind}).\n"));
    }

    private static string TaskAge(TimeSpan age) => age.TotalSeconds < 60 ? $"{Math.Max(0, (int)age.TotalSeconds)}s" : Age(age);

    private static List<string> TaskPreview(IBackgroundTask task)
    {
        var output = task.OutputTail(TaskOutputChars)?.TrimEnd();
        if (string.IsNullOrEmpty(output))
        {
            return ["(no output yet)"];
        }

        var lines = output.ReplaceLineEndings("\n").Split('\n');
        return [.. lines.Skip(Math.Max(0, lines.Length - TaskPreviewLines))];
    }

    private static string IndentOutput(string? output)
    {
        var text = output?.TrimEnd();
        return string.IsNullOrEmpty(text) ? "  (no output)\n" : string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(static l => "  " + l)) + "\n";
    }
}
