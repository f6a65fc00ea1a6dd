using System.Runtime.InteropServices;
using System.Text;
using Keel.Anthropic.Http;
using Keel.Cli.Arguments;
using Keel.Cli.Composition;
using Keel.Cli.Hooks;
using Keel.Core.Agent;
using Keel.Core.Sessions;

namespace Keel.Cli.Headless;

/// <summary>
/// <c>keel -p</c>: one prompt, run to the end, written in the chosen format. Ctrl+C or SIGTERM
/// cancels cleanly: running tools get "interrupted" results and the transcript stays valid.
/// </summary>
public static class HeadlessRunner
{
    private const int MaxStdinBytes = 10 * 1024 * 1024;

    /// <summary>How often the model is reminded to call StructuredOutput before the run gives up.</summary>
    private const int StructuredOutputRetries = 3;

    public static async Task<int> RunAsync(CliOptions options, KeelEnvironment env, Stream stdout, TextWriter stderr, TextReader? stdin)
    {
        if (options.OutputFormat == OutputFormat.StreamJson && !options.Verbose)
        {
            await stderr.WriteLineAsync("Error: --output-format stream-json requires --verbose in print mode.");
            return 1;
        }

        if (options.InputFormat == "stream-json")
        {
            return await StreamInput.StreamInputRunner.RunAsync(options, env, stdout, stderr, stdin ?? TextReader.Null);
        }

        // The second core warms the HTTP stack while this one composes the session.
        _ = HttpWarmup.Start();
        var prompt = await ReadPromptAsync(options.Prompt, stdin);
        if (string.IsNullOrWhiteSpace(prompt))
        {
            await stderr.WriteLineAsync("Error: no prompt given. Usage: keel -p \"<prompt>\" (or pipe the prompt on stdin).");
            return 1;
        }

        StartupTrace.Mark("prompt read");
        StructuredOutput.StructuredOutputTool? structured = null;
        if (options.JsonSchema is { } schemaText)
        {
            using var schema = System.Text.Json.JsonDocument.Parse(schemaText);
            structured = new StructuredOutput.StructuredOutputTool(schema.RootElement.Clone());
            options = options with { AppendSystemPrompt = StructuredOutput.StructuredOutputTool.Instruction(options.AppendSystemPrompt) };
        }

        // --include-hook-events: hook runs become lines between the sink's, so stdout takes whole lines only.
        var sessionId = string.Empty;
        var hookEvents = options.OutputFormat == OutputFormat.StreamJson && options.IncludeHookEvents;
        if (hookEvents)
        {
            stdout = new StreamInput.LockedStream(stdout);
        }

        var lines = new StreamInput.ControlChannel(stdout);
        var host = structured is null && !hookEvents ? null : new HostAdditions
        {
            Tools = structured is null ? [] : [structured],
            HookExecutor = hookEvents ? inner => new HookEventExecutor(inner, lines.WriteLine, () => sessionId) : null,
        };
        var surface = new SessionSurface(PersonAnswers: false) { Host = host };
        var (built, error) = await SessionBuilder.BuildAsync(options, env, surface);
        StartupTrace.Mark("session composed");
        if (built is null)
        {
            await stderr.WriteLineAsync($"Error: {error}");
            return 1;
        }

        await using var setup = built;
        sessionId = setup.SessionId;
        foreach (var warning in setup.Warnings)
        {
            await stderr.WriteLineAsync($"Warning: {warning}");
        }

        var report = new RunReport(env.Time);
        var session = setup.Session;
        using var loopStop = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            // First Ctrl+C interrupts cleanly; a second one lets the runtime end the process.
            if (!report.Interrupted)
            {
                context.Cancel = true;
                report.Interrupted = true;
                loopStop.Cancel();
                _ = session.Submit(new Interrupt());
            }
        });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            report.KilledBySignal = true;
            loopStop.Cancel();
            _ = session.Submit(new Interrupt());
        });

        Mcp.McpHeadless.ReportStoppedServers(setup, stderr);
        var (outcome, commandError) = await HeadlessCommands.PrepareAsync(prompt, setup, stderr, CancellationToken.None);
        if (outcome is null)
        {
            await stderr.WriteLineAsync($"Error: {commandError}");
            return 1;
        }

        var context = new HeadlessContext(setup, report, stdout, stderr, options.Verbose, options.IncludePartialMessages) { Structured = structured, StructuredRetries = StructuredOutputRetries };
        var sink = CreateSink(options, context);
        sink.Start();
        StartupTrace.Mark("sink started");
        await foreach (var hookEvent in HeadlessHooks.StartAsync(setup, options, stderr, CancellationToken.None))
        {
            sink.OnEvent(hookEvent);
        }

        if (outcome.Shown is { } shown)
        {
            session.Complete();
            return sink.Finish(shown);
        }

        if (outcome.Loop is { } loop)
        {
            var loopExit = await RunLoopAsync(loop, session, sink, report, options.OutputFormat, stderr, env.Time, loopStop.Token);
            await HeadlessHooks.EndAsync(setup, stderr);
            return loopExit;
        }

        // One operation, then no more input: the session runs it, waits for background agents, and ends its stream.
        // With --json-schema the input stays open until the model has given its structured answer (or was reminded enough).
        _ = session.Submit(outcome.Operation!);
        if (structured is null)
        {
            session.Complete();
        }

        TurnFinished? finished = null;
        var reminders = 0;
        await foreach (var agentEvent in session.ReadEventsAsync())
        {
            report.Observe(agentEvent);
            StartupTrace.Mark(agentEvent.GetType().Name);
            if (agentEvent is TurnFinished end)
            {
                finished = end;
                if (structured is not null && finished is { Reason: TerminalReason.Completed, Kind: TurnKind.User } && structured.Output is null && reminders++ < StructuredOutputRetries)
                {
                    _ = session.Submit(SendUserTurn.Text(StructuredOutput.StructuredOutputTool.Reminder));
                }
                else if (structured is not null)
                {
                    session.Complete();
                }
            }
            else
            {
                sink.OnEvent(agentEvent);
            }
        }

        var exit = sink.Finish(finished ?? new TurnFinished(TerminalReason.Aborted, string.Empty, 0, null, null, Transition.UserInput));
        await HeadlessHooks.EndAsync(setup, stderr);
        return exit;
    }

    /// <summary>
    /// <c>/loop</c>: one run, then a wait of the interval (on the session's clock), then the next run, until Ctrl+C or
    /// SIGTERM, or a run that does not complete. Text and stream-json show every run's result as it ends; json, one
    /// object, shows the last.
    /// </summary>
    private static async Task<int> RunLoopAsync(
        Keel.Core.Commands.LoopCommandResult loop, Session session, IHeadlessSink sink, RunReport report, OutputFormat format, TextWriter stderr, TimeProvider time, CancellationToken stop)
    {
        var run = 1;
        _ = session.Submit((await loop.NextAsync(run, stop)).ToOperation()!);
        TurnFinished? finished = null;
        TurnFinished? written = null;
        var exit = 0;
        await foreach (var agentEvent in session.ReadEventsAsync(CancellationToken.None))
        {
            report.Observe(agentEvent);
            if (agentEvent is not TurnFinished end)
            {
                sink.OnEvent(agentEvent);
                continue;
            }

            finished = end;
            if (end.Kind != TurnKind.User)
            {
                continue;
            }

            if (end.Reason != TerminalReason.Completed || stop.IsCancellationRequested)
            {
                session.Complete();
                continue;
            }

            if (format != OutputFormat.Json)
            {
                exit = sink.Finish(end);
                written = end;
            }

            try
            {
                await Task.Delay(loop.Interval, time, stop);
                run++;
                _ = session.Submit((await loop.NextAsync(run, stop)).ToOperation()!);
            }
            catch (OperationCanceledException)
            {
                await stderr.WriteLineAsync($"/loop stopped after {run} run{(run == 1 ? string.Empty : "s")}.");
                session.Complete();
            }
        }

        finished ??= new TurnFinished(TerminalReason.Aborted, string.Empty, 0, null, null, Transition.UserInput);
        return ReferenceEquals(finished, written) ? exit : sink.Finish(finished);
    }

    private static IHeadlessSink CreateSink(CliOptions options, HeadlessContext context) => options.OutputFormat switch
    {
        OutputFormat.Json => new JsonSink(context, options.MaxTurns),
        OutputFormat.StreamJson => new StreamJsonSink(context, options.MaxTurns),
        _ => new TextSink(context, options.MaxTurns),
    };

    private static async Task<string?> ReadPromptAsync(string? prompt, TextReader? stdin)
    {
        if (stdin is null)
        {
            return prompt;
        }

        var buffer = new char[8192];
        var text = new StringBuilder();
        int read;
        while ((read = await stdin.ReadAsync(buffer)) > 0 && text.Length < MaxStdinBytes)
        {
            text.Append(buffer, 0, read);
        }

        var piped = text.ToString();
        if (string.IsNullOrWhiteSpace(piped))
        {
            return prompt;
        }

        return string.IsNullOrWhiteSpace(prompt) ? piped : $"{prompt}\n\n{piped}";
    }
}
