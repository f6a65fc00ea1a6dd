using System.Text;
using Keel.Cli.Arguments;
using Keel.Cli.Composition;
using Keel.Cli.Headless;
using Keel.Cli.Permissions;

namespace Keel.Cli;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // The cheapest paths first: nothing else is loaded for --version and --help.
        if (args is ["-v"] or ["--version"])
        {
            Console.Out.Write($"{KeelVersion.Current} (Keel)\n");
            return 0;
        }

        if (args is ["-h"] or ["--help"])
        {
            Console.Out.Write(HelpText.Text);
            return 0;
        }

        if (args is ["permissions", .. var rest])
        {
            await using var output = Console.OpenStandardOutput();
            using var input = new StreamReader(Console.OpenStandardInput(), Encoding.UTF8);
            return await PermissionsCommand.RunAsync(rest, Environment.GetEnvironmentVariable, Environment.CurrentDirectory, input, output, Console.Error);
        }

        if (args is ["mcp", .. var mcpArgs])
        {
            return await Mcp.McpCommand.RunAsync(mcpArgs, Environment.GetEnvironmentVariable, Environment.CurrentDirectory, Console.Out, Console.Error);
        }

        if (args is ["acp", .. var acpArgs])
        {
            await using var acpOut = Console.OpenStandardOutput();
            using var acpIn = new StreamReader(Console.OpenStandardInput(), Encoding.UTF8);
            return await Acp.AcpCommand.RunAsync(acpArgs, KeelEnvironment.FromProcess(), acpIn, acpOut, Console.Error);
        }

        if (args is ["memory", .. var memoryArgs])
        {
            return await Memory.MemoryCommand.RunAsync(memoryArgs, Environment.GetEnvironmentVariable, Environment.CurrentDirectory, TimeProvider.System, Console.Out, Console.Error);
        }

        if (args is [var word, ..] && Subcommands.UserCommands.Handles(word))
        {
            return await Subcommands.UserCommands.RunAsync(args, KeelEnvironment.FromProcess(), Console.Out, Console.Error);
        }

        StartupTrace.Mark("main");
        var (options, error) = ArgumentParser.Parse(args);
        StartupTrace.Mark("arguments parsed");
        if (options?.DebugFile is { } debugFile && DebugOutput.OpenFile(debugFile) is { } debugFileError)
        {
            await Console.Error.WriteLineAsync($"Error: {debugFileError}");
            return 2;
        }

        StartupTrace.Decide(options?.Debug is { } debug && debug.Split(',').Contains("startup", StringComparer.Ordinal));
        if (options is null)
        {
            await Console.Error.WriteLineAsync($"Error: {error}");
            return 2;
        }

        if (options.ShowVersion)
        {
            Console.Out.Write($"{KeelVersion.Current} (Keel)\n");
            return 0;
        }

        if (options.ShowHelp)
        {
            Console.Out.Write(HelpText.Text);
            return 0;
        }

        if (options.RewindFiles is not null)
        {
            return await Headless.RewindFilesCommand.RunAsync(options, KeelEnvironment.FromProcess(), Console.Out, Console.Error);
        }

        if (options.Worktree is { } worktree)
        {
            return await Worktrees.WorktreeSession.RunAsync(options, worktree, () => RunSessionAsync(options));
        }

        return await RunSessionAsync(options);
    }

    private static async Task<int> RunSessionAsync(CliOptions options)
    {
        var stdinPiped = Console.IsInputRedirected;
        if (!options.Print && !stdinPiped)
        {
            if (!Interactive.InteractiveRunner.CanRun)
            {
                await Console.Error.WriteLineAsync("keel needs a terminal for the interactive session. Run a task headless with: keel -p \"<prompt>\"");
                return 2;
            }

            return await Interactive.InteractiveRunner.RunAsync(options, KeelEnvironment.FromProcess());
        }

        var stdin = stdinPiped ? new StreamReader(Console.OpenStandardInput(), Encoding.UTF8) : null;
        await using var stdout = Console.OpenStandardOutput();
        return await HeadlessRunner.RunAsync(options, KeelEnvironment.FromProcess(), stdout, Console.Error, stdin);
    }
}
