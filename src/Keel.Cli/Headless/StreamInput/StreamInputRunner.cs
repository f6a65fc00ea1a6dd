using System.Runtime.InteropServices;
using Keel.Anthropic.Http;
using Keel.Cli.Arguments;
using Keel.Cli.Composition;
using Keel.Core.Permissions;

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
        IPermissionPrompter prompter = stdio ? new StdioPermissionPrompter(channel) : new DenyingPrompter();
        var (setup, error) = SessionSetup.Create(options, env, prompter, continuing: true);
        if (setup is null)
        {
            await stderr.WriteLineAsync($"Error: {error}");
            return 1;
        }

        foreach (var warning in setup.Warnings)
        {
            await stderr.WriteLineAsync($"Warning: {warning}");
        }

        if (stdio)
        {
            setup.Tools.Interaction = new StdioUserInteraction(channel);
        }

        using (setup)
        {
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
}
