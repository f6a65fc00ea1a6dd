using Keel.Core.Tools;

namespace Keel.Tools.Shell.Execution;

/// <summary>Reports the latest output line as progress, a few times per second at most.</summary>
internal sealed class ProgressReporter
{
    private const int MaxLineLength = 200;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly ToolContext _context;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _lastReport;
    private bool _reported;
    private bool _stopped;

    public ProgressReporter(ToolContext context, TimeProvider time)
    {
        _context = context;
        _time = time;
    }

    public void Offer(ReadOnlySpan<char> chunk)
    {
        if (_context.ReportProgress is null)
        {
            return;
        }

        lock (_gate)
        {
            var now = _time.GetTimestamp();
            if (_stopped || (_reported && _time.GetElapsedTime(_lastReport, now) < Interval))
            {
                return;
            }

            var line = LastLine(chunk);
            if (line.IsEmpty)
            {
                return;
            }

            _lastReport = now;
            _reported = true;
            _context.Progress(line.ToString());
        }
    }

    /// <summary>No progress after the tool has answered (a late reader may still deliver a chunk).</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
        }
    }

    private static ReadOnlySpan<char> LastLine(ReadOnlySpan<char> chunk)
    {
        var text = chunk.TrimEnd();
        var start = text.LastIndexOfAny('\n', '\r');
        var line = text[(start + 1)..].Trim();
        return line.Length > MaxLineLength ? line[..MaxLineLength] : line;
    }
}
