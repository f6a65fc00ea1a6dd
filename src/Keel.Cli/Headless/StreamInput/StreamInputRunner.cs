using System.Runtime.InteropServices;
using Keel.Anthropic.Http;
using Keel.Cli.Arguments;
using Keel.Cli.Composition;

namespace Keel.Cli.Headless.StreamInput;

/// <summary>Composes a session for <c>--input-format stream-json</c> and runs it until stdin ends.</summary>
public static class StreamInputRunner
{
    public const string StdioPromptTool = "stdio";

    public static async Task<int> RunAsync(CliOptions options, KeelEnvironment env, Stream stdout, TextWriter stderr, TextReader stdin)
    {
        if (options.OutputFormat != OutputFormat.StreamJson)
        {
            await stderr.WriteLineAsync("Error: --input-format stream-json requires --output-format stream-json.");
            return 1;
        }

        _ = HttpWarmup.Start();
        var output = new LockedStream(stdout);
        var channel = new ControlChannel(output);
        var stdio = string.Equals(options.PermissionPromptTool, StdioPromptTool, StringComparison.Ordinal);
        var (built, error) = await SessionBuilder.BuildAsync(options, env, new SessionSurface(PersonAnswers: stdio, Continuing: true));
        if (built is null)
        {
            await stderr.WriteLineAsync($"Error: {error}");
            return 1;
        }

        await using var setup = built;
        foreach (var warning in setup.Warnings)
        {
            await stderr.WriteLineAsync($"Warning: {warning}");
        }

        using var stop = new CancellationTokenSource();
        var killed = false;
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            killed = true;
            stop.Cancel();
        });

        setup.StartDream();
        var session = new StreamInputSession(setup, channel, output, stderr, options, env);
        var exitCode = await session.RunAsync(stdin, () => killed, stop.Token);
        if (!stop.IsCancellationRequested)
        {
            await setup.DrainBackgroundMemoryAsync();
        }

        return exitCode;
    }
}
