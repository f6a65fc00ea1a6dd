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

/// <summary><c>keel mcp serve</c>: the built-in tools over stdio MCP, under the project's permission settings.</summary>
public static class McpServeCommand
{
    public static async Task<int> RunAsync(Func<string, string?> getEnv, string cwd, TextWriter stderr)
    {
        var at = SettingsLocations.ForProcess(getEnv, cwd, flagSettings: null);
        var settings = SettingsLoader.Load(at);
        var warnings = new List<string>(settings.Warnings.Select(static w => w.ToString()));
        var (policy, error) = PermissionSetup.Build(settings, at, cliMode: null, [], [], warnings);
        if (policy is null)
        {
            await WriteWarningsAsync(warnings, stderr);
            await stderr.WriteLineAsync($"Error: {error}");
            return 1;
        }

        var configDir = KeelPaths.ConfigDirectory(getEnv);
        var sessionId = "mcp-serve-" + Guid.NewGuid().ToString("N");
        var sessionDir = Path.Combine(KeelPaths.ProjectSessionsDirectory(configDir, cwd), sessionId);
        var session = new ToolSession(cwd, [], sessionDir, TimeProvider.System) { Paths = policy.Paths };

        // Like -p, serving trusts the working directory: the project's hooks run for every call.
        var hooks = HookSetup.Create(settings, projectTrusted: true, new KeelEnvironment(getEnv, cwd, TimeProvider.System), sessionId, transcriptPath: null, NullSessionRecorder.Instance, policy, () => session.CurrentDirectory, warnings);
        await WriteWarningsAsync(warnings, stderr);
        IReadOnlyList<ITool> tools = [.. FileTools.CreateAll(), ShellTools.CreateBash(sandbox: null)];
        policy.Tools.Register(tools);
        var server = new KeelToolServer(tools, policy, session, KeelVersion.Current, hooks);
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

    private static async Task WriteWarningsAsync(List<string> warnings, TextWriter stderr)
    {
        foreach (var warning in warnings)
        {
            await stderr.WriteLineAsync($"Warning: {warning}");
        }
    }
}
