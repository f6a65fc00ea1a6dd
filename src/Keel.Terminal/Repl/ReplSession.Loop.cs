using Keel.Core.Commands;

namespace Keel.Terminal.Repl;

/// <summary>
/// <c>/loop</c> at the terminal: a run now, then the next one an interval after each run ends, until Esc or Ctrl+C.
/// The wait is a timer on the session's clock; a run that comes due while something else runs waits for its end.
/// </summary>
public sealed partial class ReplSession
{
    private LoopCommandResult? _loop;
    private int _loopRun;
    private ITimer? _loopTimer;

    private void StartLoop(LoopCommandResult loop, string echo)
    {
        StopLoop(null);
        _loop = loop;
        _loopRun = 0;
        AddNotice($"> {echo}\n  Runs now and again {loop.IntervalText} after each run ends; Esc or Ctrl+C stops the loop.\n");
        RunLoopOnce();
    }

    private void RunLoopOnce()
    {
        if (_loop is not { } loop || Busy)
        {
            return;
        }

        var run = ++_loopRun;
        Busy = true;
        _ = Task.Run(async () =>
        {
            try
            {
                var prompt = await loop.NextAsync(run, CancellationToken.None);
                Post(() =>
                {
                    Busy = false;
                    if (_loop == loop && prompt.ToOperation() is { } operation)
                    {
                        StartTurn(operation, $"/loop run {run}");
                    }
                });
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Post(() =>
                {
                    Busy = false;
                    StopLoop($"/loop stopped: {ex.Message}");
                });
            }
        });
    }

    /// <summary>After any turn ends while a loop is on: the next run is due one interval later.</summary>
    private void ScheduleLoopRun()
    {
        if (_loop is not { } loop)
        {
            return;
        }

        _loopTimer?.Dispose();
        _loopTimer = _time.CreateTimer(_ => Post(RunLoopOnce), null, loop.Interval, Timeout.InfiniteTimeSpan);
    }

    private void StopLoop(string? notice)
    {
        if (_loop is null)
        {
            return;
        }

        _loop = null;
        _loopTimer?.Dispose();
        _loopTimer = null;
        if (notice is not null)
        {
            AddNotice($"  {notice}\n");
        }
    }
}
