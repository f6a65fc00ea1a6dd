using System.Threading.Channels;
using Keel.Cli.Arguments;
using Keel.Cli.Composition;
using Keel.Core.Agent;
using Keel.Core.Messages;

namespace Keel.Cli.Headless.StreamInput;

/// <summary>
/// <c>--input-format stream-json</c>: user messages arrive as JSON lines on stdin and run one after
/// another as turns of one session; control requests are answered as they arrive (an interrupt must
/// not wait for the turn it stops). Output is stream-json, one result line per turn; EOF ends the run.
/// </summary>
public sealed partial class StreamInputSession(SessionSetup setup, ControlChannel channel, Stream stdout, TextWriter stderr, CliOptions options, KeelEnvironment env)
{
    private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Lock _gate = new();
    private CancellationTokenSource? _running;
    private bool _interrupted;

    public async Task<int> RunAsync(TextReader stdin, Func<bool> killedBySignal, CancellationToken stop)
    {
        new StreamJsonSink(NewContext(), options.MaxTurns).Start();
        _ = Task.Run(() => ReadInputAsync(stdin, stop), CancellationToken.None);
        var exitCode = 0;
        try
        {
            while (await _work.Reader.WaitToReadAsync(stop))
            {
                while (_work.Reader.TryRead(out var work))
                {
                    exitCode = await RunWorkAsync(work, stop) ?? exitCode;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return killedBySignal() ? 143 : 130;
        }

        return exitCode;
    }

    private HeadlessContext NewContext() =>
        new(setup, new RunReport(env.Time), stdout, stderr, options.Verbose, options.IncludePartialMessages);

    /// <summary>Runs one queued item; returns the exit code a turn implies, or null for items that are not turns.</summary>
    private async Task<int?> RunWorkAsync(Work work, CancellationToken stop)
    {
        switch (work.Kind)
        {
            case WorkKind.SetModel:
                setup.Loop.SwitchModel(Keel.Core.Cost.ModelCatalog.Resolve(work.Text));
                channel.Succeed(work.RequestId!, w => w.WriteString("model", setup.Loop.Model));
                return null;
            case WorkKind.Compact:
                var compacted = await RunEventsAsync(token => setup.Loop.CompactAsync(work.Text, token), writeResult: false, stop);
                if (compacted.Finished.Reason == TerminalReason.Completed)
                {
                    channel.Succeed(work.RequestId!, w => w.WriteString("result", compacted.Finished.ResultText));
                }
                else
                {
                    channel.Fail(work.RequestId!, compacted.Finished.Error?.Message ?? "compaction did not finish");
                }

                return null;
            default:
                var turn = await RunEventsAsync(token => setup.Loop.RunTurnAsync(work.Message!, token), writeResult: true, stop);
                return turn.Interrupted ? 0 : turn.ExitCode;
        }
    }

    private async Task<(TurnFinished Finished, int ExitCode, bool Interrupted)> RunEventsAsync(
        Func<CancellationToken, IAsyncEnumerable<AgentEvent>> run, bool writeResult, CancellationToken stop)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        lock (_gate)
        {
            _running = cts;
            _interrupted = false;
        }

        var context = NewContext();
        var sink = new StreamJsonSink(context, options.MaxTurns);
        TurnFinished? finished = null;
        try
        {
            await foreach (var agentEvent in run(cts.Token))
            {
                context.Report.Observe(agentEvent);
                if (agentEvent is TurnFinished end)
                {
                    finished = end;
                }
                else
                {
                    sink.OnEvent(agentEvent);
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _running = null;
            }
        }

        finished ??= new TurnFinished(TerminalReason.Aborted, string.Empty, 0, null, null, Transition.UserInput);
        var exitCode = writeResult ? sink.Finish(finished) : ResultJson.ExitCode(finished, context);
        bool interrupted;
        lock (_gate)
        {
            interrupted = _interrupted;
        }

        return (finished, exitCode, interrupted);
    }

    /// <summary>The host's <c>interrupt</c>: the running turn stops cleanly; the session goes on with the next message.</summary>
    private void Interrupt()
    {
        lock (_gate)
        {
            if (_running is { } running)
            {
                _interrupted = true;
                running.Cancel();
            }
        }
    }

    private void Enqueue(Work work) => _work.Writer.TryWrite(work);

    private enum WorkKind
    {
        Turn,
        Compact,
        SetModel,
    }

    private sealed record Work(WorkKind Kind, Message? Message = null, string? RequestId = null, string? Text = null);
}
