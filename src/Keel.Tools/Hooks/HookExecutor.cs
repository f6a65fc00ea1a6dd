using Keel.Core.Hooks;

namespace Keel.Tools.Hooks;

/// <summary>Sends each handler to the executor for its type; each is created on first use.</summary>
public sealed class HookExecutor(Func<string, string?> getEnv, TimeProvider time) : IHookExecutor
{
    private CommandHookExecutor? _command;
    private HttpHookExecutor? _http;

    /// <summary>Runs prompt and agent hooks; null: they fail with a clear message.</summary>
    public Func<ModelHookExecutor>? Models { get; init; }

    private ModelHookExecutor? _models;

    /// <summary>Runs mcp_tool hooks against the session's MCP servers; null: they fail with a clear message.</summary>
    public Func<IHookExecutor>? McpTools { get; init; }

    private IHookExecutor? _mcpTools;

    public Task<HookExecution> ExecuteAsync(HookRequest request, CancellationToken cancellationToken) => request.Handler switch
    {
        { IsHttp: true } => (_http ??= new HttpHookExecutor(getEnv, time)).ExecuteAsync(request, cancellationToken),
        { IsModel: true } when Models is { } models => (_models ??= models()).ExecuteAsync(request, cancellationToken),
        { IsModel: true } => Task.FromResult(HookExecution.Failed("could not run: no model is available for prompt and agent hooks here")),
        { IsMcpTool: true } when McpTools is { } mcp => (_mcpTools ??= mcp()).ExecuteAsync(request, cancellationToken),
        { IsMcpTool: true } => Task.FromResult(HookExecution.Failed($"could not run mcp_tool {request.Handler.Server}/{request.Handler.Tool}: no MCP servers are connected here")),
        _ => (_command ??= new CommandHookExecutor(time)).ExecuteAsync(request, cancellationToken),
    };
}
