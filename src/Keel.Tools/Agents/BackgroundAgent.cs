using System.Text;
using Keel.Core.Agent.Subagents;
using Keel.Core.Tasks;

namespace Keel.Tools.Agents;

/// <summary>A subagent started with <c>run_in_background</c>; when it ends, its result is posted as a notification.</summary>
internal sealed class BackgroundAgent : IBackgroundTask, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private volatile BackgroundTaskStatus _status = BackgroundTaskStatus.Running;
    private Task _run = Task.CompletedTask;

    private BackgroundAgent(SubagentRequest request, DateTimeOffset startedAt)
    {
        Request = request;
        StartedAt = startedAt;
    }

    public SubagentRequest Request { get; }

    public string Id => Request.AgentId;

    public string Kind => "agent";

    public string Description => $"{Request.Agent.Name}: {Request.Description}";

    public BackgroundTaskStatus Status => _status;

    public DateTimeOffset StartedAt { get; }

    public bool WillNotify => _status == BackgroundTaskStatus.Running;

    public static BackgroundAgent Start(SubagentRequest request, ISubagentRunner runner, BackgroundTasks tasks, TimeProvider time)
    {
        var agent = new BackgroundAgent(request, time.GetUtcNow());
        agent._run = Task.Run(() => agent.RunAsync(runner, tasks), CancellationToken.None);
        return agent;
    }

    public async ValueTask StopAsync()
    {
        if (_status != BackgroundTaskStatus.Running)
        {
            return;
        }

        _status = BackgroundTaskStatus.Killed;
        await _stop.CancelAsync();
        try
        {
            await _run;
        }
        catch (OperationCanceledException)
        {
            // Stopped as asked.
        }
    }

    public void Dispose() => _stop.Dispose();

    private async Task RunAsync(ISubagentRunner runner, BackgroundTasks tasks)
    {
        var result = await runner.RunAsync(Request, _stop.Token);
        if (_status == BackgroundTaskStatus.Killed)
        {
            return;
        }

        var text = new StringBuilder();
        text.Append("<task-notification>\n");
        text.Append("<task-id>").Append(Id).Append("</task-id>\n");
        text.Append("<status>").Append(result.IsError ? "failed" : "completed").Append("</status>\n");
        text.Append("<summary>Background agent \"").Append(Request.Description).Append("\" (").Append(Request.Agent.Name).Append(") finished.</summary>\n");
        text.Append("<result>\n").Append(result.Text.TrimEnd()).Append("\n</result>\n");
        text.Append(AgentTool.Footer(Id, result)).Append('\n');
        text.Append("</task-notification>");

        // Completed before posting, so a waiter that wakes on the notification sees nothing left to wait for.
        _status = result.IsError ? BackgroundTaskStatus.Failed : BackgroundTaskStatus.Completed;
        tasks.Notify(text.ToString());
    }
}
