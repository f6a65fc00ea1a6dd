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
    private int _toolsRunning;

    public IList<(string ToolName, string ToolUseId, JsonElement Input)> PermissionDenials { get; } = [];

    /// <summary>Set when Ctrl+C interrupted the run (a second one ends the process).</summary>
    public bool Interrupted { get; set; }

    /// <summary>Set when SIGTERM ended the run (exit 143 rather than 130).</summary>
    public bool KilledBySignal { get; set; }

    public TimeSpan Elapsed => time.GetElapsedTime(_started);

    public TimeSpan ApiTime => _apiTime;

    /// <summary>True while a tool call has started and not finished (an interrupt then stops tools, not the stream).</summary>
    public bool ToolsRunning => _toolsRunning > 0;

    public void Observe(AgentEvent agentEvent)
    {
        switch (agentEvent)
        {
            case RequestStarted:
                _requestStarted = time.GetTimestamp();
                break;
            case AssistantMessageCompleted or RetryScheduled or ModelFeatureTurnedOff or TurnFinished when _requestStarted is { } started:
                _apiTime += time.GetElapsedTime(started);
                _requestStarted = null;
                break;
            case ToolStarted:
                _toolsRunning++;
                break;
            case ToolFinished finished:
                _toolsRunning = Math.Max(0, _toolsRunning - 1);
                if (finished.Decision.Behavior == PermissionBehavior.Deny && finished.Decision.Reason != "not evaluated")
                {
                    PermissionDenials.Add((finished.Call.Name, finished.Call.Id, finished.Call.Input));
                }

                break;
        }
    }
}
