using System.Globalization;
using System.Text;
using Keel.Core.Commands;
using Keel.Core.Tasks;

namespace Keel.Cli.Agents;

/// <summary><c>/tasks</c>: the session's background shells and agents, with their status.</summary>
public sealed class TasksCommand : ISlashCommand
{
    public string Name => "tasks";

    public string Description => "List background shells and agents";

    public string? ArgumentHint => null;

    public string Source => "built-in";

    public ValueTask<SlashCommandResult> ExecuteAsync(string arguments, SlashCommandContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult<SlashCommandResult>(new TextCommandResult(Describe(context.Tools.Background, context.Tools.Time.GetUtcNow())));

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
