using System.Runtime.InteropServices;
using Keel.Cli.Arguments;
using Keel.Cli.Composition;

namespace Keel.Cli.Acp;

/// <summary>
/// <c>keel acp [flags]</c>: Keel as an Agent Client Protocol agent on stdio, for Zed and other ACP editors. The
/// session flags (<c>--model</c>, <c>--permission-mode</c>, <c>--settings</c>, ...) apply to every session the editor
/// opens. Runs until the editor closes stdin.
/// </summary>
public static class AcpCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, KeelEnvironment env, TextReader stdin, Stream stdout, TextWriter stderr)
    {
        var (options, error) = ArgumentParser.Parse(args);
        if (options is null)
        {
            await stderr.WriteLineAsync($"Error: {error}");
            return 2;
        }

        if (options.Prompt is not null || options.Print || options.Continue || options.Resume is not null)
        {
            await stderr.WriteLineAsync("Error: keel acp takes no prompt, -p, --continue or --resume: the editor sends prompts and loads sessions over ACP.");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        var connection = new AcpConnection(stdout, stderr);
        await using var agent = new AcpAgent(connection, options, env, stderr);
        connection.OnRequest = agent.HandleAsync;
        connection.OnNotification = agent.HandleNotification;
        try
        {
            await connection.RunAsync(stdin, stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // A signal ends serving; the sessions close below, their transcripts complete.
        }

        return 0;
    }
}
