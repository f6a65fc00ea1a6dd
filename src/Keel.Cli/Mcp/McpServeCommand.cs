using Keel.Cli.Composition;
using Keel.Cli.Hooks;
using Keel.Core.Permissions;
using Keel.Core.Sessions;
using Keel.Core.Settings;
using Keel.Core.Tools;
using Keel.Mcp.Server;
using Keel.Tools.Files;
using Keel.Tools.Shell;

namespace Keel.Cli.Mcp;

/// <summary>
/// <c>keel mcp serve [--sandbox]</c>: the built-in tools over stdio MCP, under the project's permission settings
/// and hooks; Bash runs in the sandbox when <c>--sandbox</c> or settings <c>sandbox.enabled</c> ask for it, as in a session.
/// </summary>
public static class McpServeCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, Func<string, string?> getEnv, string cwd, TextWriter stderr)
    {
        var (server, error, warnings) = Create(args, getEnv, cwd);
        foreach (var warning in warnings)
        {
            await stderr.WriteLineAsync($"Warning: {warning}");
        }

        if (server is null)
        {
            await stderr.WriteLineAsync($"Error: {error}");
            return error!.StartsWith("unknown option", StringComparison.Ordinal) ? 2 : 1;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        try
        {
            await server.RunStdioAsync(stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C ends serving normally.
        }

        return 0;
    }

    /// <summary>The server <c>keel mcp serve</c> runs with these arguments (or why there is none), and the warnings on the way.</summary>
    public static (KeelToolServer? Server, string? Error, IReadOnlyList<string> Warnings) Create(IReadOnlyList<string> args, Func<string, string?> getEnv, string cwd)
    {
        var warnings = new List<string>();
        if (args.FirstOrDefault(static a => a != "--sandbox") is { } unknown)
        {
            return (null, $"unknown option {unknown} for keel mcp serve (it takes --sandbox)", warnings);
        }

        var at = SettingsLocations.ForProcess(getEnv, cwd, flagSettings: null);
        var settings = SettingsLoader.Load(at);
        warnings.AddRange(settings.Warnings.Select(static w => w.ToString()));
        var (policy, error) = PermissionSetup.Build(settings, at, cliMode: null, [], [], warnings);
        if (policy is null)
        {
            return (null, error, warnings);
        }

        var configDir = KeelPaths.ConfigDirectory(getEnv);
        var sessionId = "mcp-serve-" + Guid.NewGuid().ToString("N");
        var sessionDir = Path.Combine(KeelPaths.ProjectSessionsDirectory(configDir, cwd), sessionId);
        var session = new ToolSession(cwd, [], sessionDir, TimeProvider.System) { Paths = policy.Paths };

        // Like -p, serving trusts the working directory: the project's hooks run for every call.
        var hooks = HookSetup.Create(settings, projectTrusted: true, new KeelEnvironment(getEnv, cwd, TimeProvider.System), sessionId, transcriptPath: null, NullSessionRecorder.Instance, policy, () => session.CurrentDirectory, warnings);
        IReadOnlyList<ITool> tools = [.. FileTools.CreateAll(), ShellTools.CreateBash(SandboxSetup.For(args.Contains("--sandbox"), settings, policy, warnings))];
        policy.Tools.Register(tools);
        return (new KeelToolServer(tools, policy, session, KeelVersion.Current, hooks), null, warnings);
    }
}
