using System.Text;
using Keel.Core.Agent;
using Keel.Core.Hooks;

namespace Keel.Cli.Headless;

/// <summary><c>--output-format text</c>: the final answer on stdout; problems on stderr.</summary>
public sealed class TextSink(HeadlessContext context, int? maxTurns) : IHeadlessSink
{
    public void Start()
    {
    }

    public void OnEvent(AgentEvent agentEvent)
    {
        if (agentEvent is HookNotice notice)
        {
            context.Stderr.WriteLine(notice.Message);
            return;
        }

        // A model switch changes who answers (and what it costs): always said, not only with --verbose.
        if (agentEvent is ModelFallbackActivated fallback)
        {
            context.Stderr.WriteLine($"{fallback.From} {fallback.Why}; switching to {fallback.To} for the rest of the session.");
            return;
        }

        // Also always said: the model now works without a feature the user asked for.
        if (agentEvent is ModelFeatureTurnedOff turnedOff)
        {
            context.Stderr.WriteLine(turnedOff.Message);
            return;
        }

        if (!context.Verbose)
        {
            return;
        }

        switch (agentEvent)
        {
            case RetryScheduled retry:
                context.Stderr.WriteLine($"Retrying in {retry.Delay.TotalSeconds:0.0}s (attempt {retry.Attempt}/{retry.MaxRetries}): {retry.Error.Describe()}");
                break;
            case RetryHeartbeat heartbeat:
                context.Stderr.WriteLine($"Still waiting to retry (attempt {heartbeat.Attempt}, {heartbeat.Remaining.TotalSeconds:0}s left): {heartbeat.Error.Describe()}");
                break;
            case ToolFinished finished:
                context.Stderr.WriteLine($"{finished.Call.Name}: {(finished.Result.IsError ? "error" : "ok")} ({finished.Duration.TotalMilliseconds:0} ms)");
                break;
        }
    }

    public int Finish(TurnFinished finished)
    {
        var exit = ResultJson.ExitCode(finished, context);
        if (finished.Reason == TerminalReason.Completed)
        {
            // Encoded in pieces: a huge answer is not copied (to add the newline) or encoded whole.
            var text = finished.ResultText;
            using (var writer = new StreamWriter(context.Stdout, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true))
            {
                writer.Write(text);
                if (!text.EndsWith('\n'))
                {
                    writer.Write('\n');
                }
            }

            context.Stdout.Flush();
        }
        else
        {
            context.Stderr.WriteLine($"Error: {ResultJson.ResultText(finished, maxTurns)}");
        }

        return exit;
    }
}
