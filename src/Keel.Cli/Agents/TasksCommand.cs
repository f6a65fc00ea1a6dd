using System.Globalization;
using System.Text;
using Keel.Core.Commands;
using Keel.Core.Tasks;

namespace Keel.Cli.Agents;

/// <summary><c>/tasks</c>: the session's background shells and agents, with their status.</summary>
public sealed class TasksCommand : ISlashCommand
{
    public string Name => "tasks";

    public string Description => "List background shells, agents and memory consolidation; stop one";

    public string? ArgumentHint => "[<id> | stop <id>]";

    public string Source => "built-in";

    public async ValueTask<SlashCommandResult> ExecuteAsync(string arguments, SlashCommandContext context, CancellationToken cancellationToken)
    {
        var words = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words is ["stop", var id])
        {
            if (context.Tools.Background.Find(id) is not { } task)
            {
                return new TextCommandResult($"No background task {id}. {Describe(context.Tools.Background, context.Tools.Time.GetUtcNow())}");
            }

            await task.StopAsync();
            return new TextCommandResult($"Stopped {id} ({task.Kind}).");
        }

        if (words.Length == 0 && context.Interactive && context.Tools.Background.All.Count > 0)
        {
            return new TasksPickerResult();
        }

        if (words is [var shown] && context.Tools.Background.Find(shown) is { } one)
        {
            var output = one.OutputTail(4_000)?.TrimEnd();
            return new TextCommandResult($"{one.Id} ({one.Kind}, {one.Status.ToString().ToLowerInvariant()}): {one.Description.ReplaceLineEndings(" ")}\n"
                + (string.IsNullOrEmpty(output) ? "No output yet." : output));
        }

        return new TextCommandResult(words.Length == 0
            ? Describe(context.Tools.Background, context.Tools.Time.GetUtcNow())
            : "Usage: /tasks, /tasks <id> (its output), or /tasks stop <id>.");
    }

    public static string Describe(BackgroundTasks tasks, DateTimeOffset now)
    {
        var all = tasks.All;
        if (all.Count == 0)
        {
            return "No background tasks.";
        }

        var text = new StringBuilder("Background tasks:\n");
        foreach (var task in all)
        {
            var age = now - task.StartedAt;
            text.Append(CultureInfo.InvariantCulture, $"  {task.Id}  {task.Kind}  {task.Status.ToString().ToLowerInvariant()}  {(int)age.TotalSeconds}s  {task.Description.ReplaceLineEndings(" ")}\n");
        }

        return text.ToString().TrimEnd();
    }
}
