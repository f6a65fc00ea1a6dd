using Keel.Cli.Arguments;
using Keel.Cli.Composition;
using Keel.Core.Tools;
using Keel.Mcp.Server;

namespace Keel.Cli.Mcp;

/// <summary>
/// <c>keel mcp serve [--sandbox]</c>: the built-in tools over stdio MCP, composed by the same builder as a session
/// (settings and their env, permissions, hooks, sandbox) and called through that session's tool-call pipeline.
/// </summary>
public static class McpServeCommand
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, Func<string, string?> getEnv, string cwd, TextWriter stderr)
    {
        // The real process: the settings' env is exported, so Bash and hooks see it as in a session.
        var (served, error, warnings) = await CreateAsync(args, new KeelEnvironment(getEnv, cwd, TimeProvider.System) { IsProcess = true });
        foreach (var warning in warnings)
        {
            await stderr.WriteLineAsync($"Warning: {warning}");
        }

        if (served is null)
        {
            await stderr.WriteLineAsync($"Error: {error}");
            return error!.StartsWith("unknown option", StringComparison.Ordinal) ? 2 : 1;
        }

        await using var session = served.Session;
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        try
        {
            await served.Server.RunStdioAsync(stop.Token);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Ctrl+C ends serving normally.
        }

        return 0;
    }

    /// <summary>
    /// The server <c>keel mcp serve</c> runs with these arguments and the session behind it (the caller disposes it),
    /// or why there is none; and the warnings on the way.
    /// </summary>
    public static async Task<(McpServed? Served, string? Error, IReadOnlyList<string> Warnings)> CreateAsync(IReadOnlyList<string> args, KeelEnvironment env)
    {
        if (args.FirstOrDefault(static a => a != "--sandbox") is { } unknown)
        {
            return (null, $"unknown option {unknown} for keel mcp serve (it takes --sandbox)", []);
        }

        // Nothing is recorded, and the project's own MCP servers are not started: serving offers Keel's tools only.
        var options = new CliOptions { Sandbox = args.Contains("--sandbox"), NoSessionPersistence = true, StrictMcpConfig = true };

        // Like -p, serving trusts the working directory: the project's hooks run for every call. Nobody answers asks.
        var surface = new SessionSurface(PersonAnswers: false, ProjectTrusted: true, ModelOptional: true);
        var (setup, error) = await SessionBuilder.BuildAsync(options, env, surface);
        if (setup is null)
        {
            return (null, error, []);
        }

        var server = new KeelToolServer(setup.Pipeline.With(p => p with { Tools = [.. p.Tools.Where(Served)] }), KeelVersion.Current);
        return (new McpServed(server, setup), null, setup.Warnings);
    }

    /// <summary>
    /// What a caller without a conversation can use, by the tools' own kinds: not the tools that work with a person or
    /// the session's own state (questions, plan mode, todos, skills, agents), nor tools proxied from other MCP servers.
    /// </summary>
    private static bool Served(ITool tool) => tool.Kind != ToolKind.Interaction && !tool.Name.StartsWith(Keel.Mcp.Client.McpNames.Prefix, StringComparison.Ordinal);
}
