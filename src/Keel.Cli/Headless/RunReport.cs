using System.Text.Json;
using Keel.Core.Agent;
using Keel.Core.Permissions;

namespace Keel.Cli.Headless;

/// <summary>Run-level bookkeeping for the result object: timings and permission denials.</summary>
public sealed class RunReport(TimeProvider time)
{
    private readonly long _started = time.GetTimestamp();
    private long? _requestStarted;
    private TimeSpan _apiTime;

    public IList<(string ToolName, string ToolUseId, JsonElement Input)> PermissionDenials { get; } = [];

    /// <summary>Set when Ctrl+C interrupted the run (a second one ends the process).</summary>
    public bool Interrupted { get; set; }

    /// <summary>Set when SIGTERM ended the run (exit 143 rather than 130).</summary>
    public bool KilledBySignal { get; set; }

    public TimeSpan Elapsed => time.GetElapsedTime(_started);

    public TimeSpan ApiTime => _apiTime;

    public void Observe(AgentEvent agentEvent)
    {
        switch (agentEvent)
        {
            case RequestStarted:
                _requestStarted = time.GetTimestamp();
                break;
            case AssistantMessageCompleted or RetryScheduled or TurnFinished when _requestStarted is { } started:
                _apiTime += time.GetElapsedTime(started);
                _requestStarted = null;
                break;
            case ToolFinished { Decision.Behavior: PermissionBehavior.Deny } finished when finished.Decision.Reason != "not evaluated":
                PermissionDenials.Add((finished.Call.Name, finished.Call.Id, finished.Call.Input));
                break;
        }
    }
}
