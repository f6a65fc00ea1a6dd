using Keel.Cli.Arguments;
using Keel.Cli.Composition;
using Keel.Core.Hooks;
using Keel.Core.Sessions;
using Keel.Core.Settings;

namespace Keel.Cli.Worktrees;

/// <summary>
/// <c>keel -w [name]</c>: makes a worktree, runs the whole session in it, and on exit removes it when nothing
/// changed, or keeps it and prints its path and branch.
/// </summary>
public static class WorktreeSession
{
    public static async Task<int> RunAsync(CliOptions options, string name, Func<Task<int>> run)
    {
        var env = KeelEnvironment.FromProcess();
        var cwd = env.WorkingDirectory;
        var configDir = KeelPaths.ConfigDirectory(env.GetEnv);
        var settings = SettingsLoader.Load(SettingsLocations.ForProcess(env.GetEnv, cwd, options.Settings) with { KeelConfigDirectory = configDir, Sources = options.SettingSources, ManagedJson = options.ManagedSettings });
        var headless = options.Print || Console.IsInputRedirected;
        var trusted = headless || ProjectTrust.ForEnvironment(env.GetEnv).IsTrusted(cwd);
        var worktrees = WorktreeSetup.For(settings, trusted, env, options.SessionId ?? string.Empty, null);
        var (tree, error) = await worktrees.CreateAsync(cwd, name.Length == 0 ? null : name, CancellationToken.None);
        if (tree is null)
        {
            await Console.Error.WriteLineAsync($"Error: --worktree: {error}");
            return 1;
        }

        await Console.Error.WriteLineAsync($"Working in worktree {tree.Path}" + (tree.Branch.Length > 0 ? $" (branch {tree.Branch})" : string.Empty));
        Environment.CurrentDirectory = tree.Path;
        int code;
        try
        {
            code = await run();
        }
        finally
        {
            Environment.CurrentDirectory = cwd;
            var outcome = await worktrees.FinishAsync(tree, CancellationToken.None);
            await Console.Error.WriteLineAsync(outcome.Describe(tree));
        }

        return code;
    }
}
