using Keel.Cli.Arguments;
using Keel.Cli.Composition;
using Keel.Core.Commands;
using Keel.Core.Permissions;
using Keel.Core.Settings;
using Keel.Core.Tools;
using Keel.Mcp.Client;
using Keel.Mcp.Config;

namespace Keel.Cli.Mcp;

/// <summary>
/// A session's MCP side: loads the configured servers and starts them in the background while the
/// rest of the session is composed; <see cref="ToolsAsync"/> waits (bounded by MCP_TIMEOUT) and fixes the
/// tool list for the whole session, so the request prefix stays byte-stable for prompt caching.
/// </summary>
public sealed class McpSession : IAsyncDisposable
{
    private IReadOnlyList<ITool>? _tools;

    private McpSession(McpHub hub, McpLoadResult loaded)
    {
        Hub = hub;
        Loaded = loaded;
    }

    public McpHub Hub { get; }

    public McpLoadResult Loaded { get; }

    /// <summary>Server prompts as commands, plus <c>/mcp</c> (status); valid after <see cref="ToolsAsync"/>.</summary>
    public IReadOnlyList<ISlashCommand> Commands { get; private set; } = [];

    /// <summary>Loads and starts the servers (no work at all when none are configured).</summary>
    public static (McpSession? Session, string? Error) Start(CliOptions options, KeelEnvironment env, LoadedSettings settings, string cwd, string configDir, string sessionDirectory, ICollection<string> warnings, HostAdditions? host = null)
    {
        var files = new McpConfigFiles(ProjectRoot.Find(cwd), configDir) { ClaudeUserFile = McpConfigFiles.ClaudeFileIn(env.GetEnv("HOME")) };
        var loaded = McpConfigLoader.Load(files, settings, options.McpConfigs, options.StrictMcpConfig, cwd, env.GetEnv);
        if (loaded.Error is not null)
        {
            return (null, loaded.Error);
        }

        if (host is { SdkMcpServers.Count: > 0 })
        {
            // The host's in-process servers replace configured ones of the same name.
            var names = host.SdkMcpServers.ToHashSet(StringComparer.Ordinal);
            loaded = loaded with { Servers = [.. loaded.Servers.Where(s => !names.Contains(s.Name)), .. host.SdkMcpServers.Select(McpServerConfig.Sdk)] };
        }

        foreach (var notice in loaded.Notices)
        {
            warnings.Add(notice);
        }

        var hubOptions = new McpHubOptions(files.ProjectDirectory, sessionDirectory, env.Time).WithEnvironment(env.GetEnv) with { SdkTransport = host?.SdkMcpTransport };
        return (new McpSession(McpHub.Start(loaded.Servers, hubOptions), loaded), null);
    }

    /// <summary>The MCP tools of the session, after waiting for startup; failures are added to <paramref name="warnings"/>.</summary>
    public async Task<IReadOnlyList<ITool>> ToolsAsync(ICollection<string> warnings)
    {
        if (_tools is not null)
        {
            return _tools;
        }

        if (Hub.Servers.Count > 0)
        {
            await Hub.WaitForStartupAsync();
            foreach (var problem in Hub.Problems())
            {
                warnings.Add(problem);
            }
        }

        _tools = Hub.CreateTools();
        Commands = [new McpStatusCommand(Hub), .. Hub.CreateCommands()];
        return _tools;
    }

    /// <summary>
    /// The prompter for <c>--permission-prompt-tool mcp__server__tool</c>, or the given one when the flag
    /// names no MCP tool (null: a person answers); an error when the named tool is not available.
    /// </summary>
    public (IPermissionPrompter? Prompter, string? Error) Prompter(string? promptTool, IPermissionPrompter? fallback, ToolSession session)
    {
        if (promptTool is null || !promptTool.StartsWith(McpNames.Prefix, StringComparison.Ordinal))
        {
            return (fallback, null);
        }

        var tool = _tools?.FirstOrDefault(t => t.Name == promptTool);
        if (tool is null)
        {
            var status = Hub.Problems();
            return (null, $"--permission-prompt-tool {promptTool}: no connected MCP server offers that tool.{(status.Count > 0 ? " " + string.Join(" ", status) : string.Empty)}");
        }

        return (new McpPermissionPrompter(tool, session), null);
    }

    public ValueTask DisposeAsync() => Hub.DisposeAsync();
}
