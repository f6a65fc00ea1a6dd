using System.Text.Json.Nodes;
using Keel.Core.Sessions;
using Keel.Core.Settings;
using Keel.Core.Settings.Writing;
using Keel.Mcp.Auth;
using Keel.Mcp.Client;
using Keel.Mcp.Config;

namespace Keel.Cli.Mcp;

/// <summary><c>keel mcp add|list|get|remove|serve</c>: manage configured servers, or serve Keel's tools.</summary>
public static partial class McpCommand
{
    public const string Usage = """
        Usage:
          keel mcp add [-s local|project|user] [-t stdio|http|sse] [-e KEY=VALUE]... [-H "Name: value"]... <name> <url>
          keel mcp add [-s local|project|user] [-e KEY=VALUE]... <name> -- <command> [args...]
          keel mcp list
          keel mcp get <name>
          keel mcp remove [-s local|project|user] <name>
          keel mcp login <name>     sign in to a remote server with OAuth (browser; tokens kept in ~/.keel/mcp-auth)
          keel mcp logout <name>    forget a remote server's stored tokens
          keel mcp serve [--sandbox]
        """;

    public static async Task<int> RunAsync(string[] args, Func<string, string?> getEnv, string cwd, TextWriter stdout, TextWriter stderr)
    {
        var files = new McpConfigFiles(ProjectRoot.Find(cwd), KeelPaths.ConfigDirectory(getEnv)) { ClaudeUserFile = McpConfigFiles.ClaudeFileIn(getEnv("HOME")) };
        switch (args)
        {
            case ["-h" or "--help" or "help"]:
                await stdout.WriteAsync(Usage);
                return 0;
            case ["add", .. var rest]:
                return Add(rest, files, stdout, stderr);
            case ["list"]:
                return await ListAsync(files, getEnv, cwd, stdout);
            case ["get", var name]:
                return await GetAsync(name, files, getEnv, cwd, stdout, stderr);
            case ["remove", .. var rest]:
                return Remove(rest, files, stdout, stderr);
            case ["login", var name]:
                return await LoginAsync(name, files, getEnv, cwd, stdout, stderr);
            case ["logout", var name]:
                return Logout(name, files, getEnv, cwd, stdout, stderr);
            case ["serve", .. var serveArgs]:
                return await McpServeCommand.RunAsync(serveArgs, getEnv, cwd, stderr);
            default:
                await stderr.WriteAsync(Usage);
                return 2;
        }
    }

    private static int Remove(string[] args, McpConfigFiles files, TextWriter stdout, TextWriter stderr)
    {
        string? scope = null;
        string? name = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "-s" or "--scope" && i + 1 < args.Length)
            {
                scope = args[++i];
            }
            else
            {
                name ??= args[i];
            }
        }

        if (name is null)
        {
            stderr.Write(Usage);
            return 2;
        }

        foreach (var candidate in scope is null ? ["local", "project", "user"] : new[] { scope })
        {
            var path = files.FileFor(candidate);
            var removed = false;
            var error = SettingsWriter.Edit(path, edit =>
            {
                removed = edit.Remove([.. files.ServersPath(candidate), name]);
                return null;
            });
            if (error is not null)
            {
                stderr.WriteLine($"Error: {error}");
                return 1;
            }

            if (removed)
            {
                stdout.WriteLine($"Removed MCP server \"{name}\" ({candidate} scope) from {path}");
                return 0;
            }
        }

        stderr.WriteLine($"Error: no MCP server named \"{name}\"{(scope is null ? string.Empty : $" in {scope} scope")}.");
        return 1;
    }

    private static async Task<int> ListAsync(McpConfigFiles files, Func<string, string?> getEnv, string cwd, TextWriter stdout)
    {
        var loaded = Load(files, getEnv, cwd);
        var servers = loaded.Servers.Concat(loaded.AwaitingApproval).ToList();
        if (servers.Count == 0)
        {
            await stdout.WriteLineAsync("No MCP servers configured. Add one with: keel mcp add <name> -- <command> [args...]");
            return 0;
        }

        await using var hub = McpHub.Start(loaded.Servers, HubOptions(files, getEnv));
        await hub.WaitForStartupAsync();
        foreach (var status in hub.Status())
        {
            var state = status.State == McpServerState.Connected ? $"✓ {status.DisplayName}" : $"✗ {status.DisplayName}: {status.Error}";
            await stdout.WriteLineAsync($"{status.Name}: {status.Target} ({status.Scope}) - {state}");
        }

        foreach (var waiting in loaded.AwaitingApproval)
        {
            await stdout.WriteLineAsync($"{waiting.Name}: {waiting.Describe()} (project) - not approved for this project");
        }

        return 0;
    }

    private static async Task<int> GetAsync(string name, McpConfigFiles files, Func<string, string?> getEnv, string cwd, TextWriter stdout, TextWriter stderr)
    {
        var loaded = Load(files, getEnv, cwd);
        var server = loaded.Servers.Concat(loaded.AwaitingApproval).FirstOrDefault(s => s.Name == name);
        if (server is null)
        {
            await stderr.WriteLineAsync($"Error: no MCP server named \"{name}\".");
            return 1;
        }

        await stdout.WriteLineAsync($"{server.Name}:");
        await stdout.WriteLineAsync($"  Scope: {server.Scope} ({server.Origin})");
        await stdout.WriteLineAsync($"  Type: {server.Transport}");
        if (server.IsStdio)
        {
            await stdout.WriteLineAsync($"  Command: {server.Command}");
            await stdout.WriteLineAsync($"  Args: {string.Join(' ', server.Args)}");
        }
        else
        {
            await stdout.WriteLineAsync($"  URL: {server.Url}");
            foreach (var header in server.Headers.Keys)
            {
                await stdout.WriteLineAsync($"  Header: {header}: (set)");
            }
        }

        foreach (var key in server.Env.Keys)
        {
            await stdout.WriteLineAsync($"  Env: {key}=(set)");
        }

        if (loaded.AwaitingApproval.Contains(server))
        {
            await stdout.WriteLineAsync("  Status: not approved for this project");
            return 0;
        }

        await using var hub = McpHub.Start([server], HubOptions(files, getEnv));
        await hub.WaitForStartupAsync();
        var status = hub.Status()[0];
        await stdout.WriteLineAsync(status.State == McpServerState.Connected
            ? $"  Status: ✓ {status.DisplayName} ({status.ToolCount} tools, {status.PromptCount} prompts, {status.ResourceCount} resources)"
            : $"  Status: ✗ {status.DisplayName}: {status.Error}");
        return 0;
    }

    private static McpLoadResult Load(McpConfigFiles files, Func<string, string?> getEnv, string cwd)
    {
        var settings = SettingsLoader.Load(SettingsLocations.ForProcess(getEnv, cwd, flagSettings: null));
        return McpConfigLoader.Load(files, settings, [], strict: false, cwd, getEnv);
    }

    private static McpHubOptions HubOptions(McpConfigFiles files, Func<string, string?> getEnv) =>
        new McpHubOptions(files.ProjectDirectory, Path.Combine(files.KeelConfigDirectory, "logs"), TimeProvider.System).WithEnvironment(getEnv) with
        {
            Auth = new McpAuth(TokenStore(files.KeelConfigDirectory)),
        };

    private static JsonObject Entry(string transport, string target, IReadOnlyList<string> commandArgs, Dictionary<string, string> env, Dictionary<string, string> headers)
    {
        var entry = new JsonObject { ["type"] = transport };
        if (transport == "stdio")
        {
            entry["command"] = target;
            entry["args"] = new JsonArray([.. commandArgs.Select(static a => (JsonNode)JsonValue.Create(a))]);
            entry["env"] = Object(env);
        }
        else
        {
            entry["url"] = target;
            if (headers.Count > 0)
            {
                entry["headers"] = Object(headers);
            }
        }

        return entry;
    }

    private static JsonObject Object(Dictionary<string, string> map)
    {
        var node = new JsonObject();
        foreach (var (key, value) in map)
        {
            node[key] = value;
        }

        return node;
    }
}
