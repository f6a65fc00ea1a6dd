using System.Text.Json;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Tools;
using ModelContextProtocol;
using McpTool = ModelContextProtocol.Protocol.Tool;

namespace Keel.Mcp.Client;

/// <summary>
/// One server tool as a Keel tool named <c>mcp__server__tool</c>. The server's annotations are hints:
/// <c>readOnlyHint</c> (without <c>destructiveHint</c>) lets the call run alongside other safe calls and
/// without a prompt in the modes that would otherwise ask; anything else asks unless a rule allows it.
/// </summary>
public sealed class McpToolAdapter : ITool
{
    private readonly McpServerConnection _server;
    private readonly McpTool _tool;
    private readonly McpHubOptions _options;

    public McpToolAdapter(McpServerConnection server, McpTool tool, McpHubOptions options)
    {
        _server = server;
        _tool = tool;
        _options = options;
        Name = McpNames.Tool(server.Name, tool.Name);
        var description = tool.Description is { Length: > 0 } d ? d : tool.Title ?? tool.Name;
        Definition = new ToolDefinition(Name, description, Schema(tool.InputSchema));
    }

    public string Name { get; }

    public string ServerName => _server.Name;

    public string ToolName => _tool.Name;

    public ToolDefinition Definition { get; }

    public int MaxResultChars => _options.MaxOutputChars;

    /// <summary>True when the server says the tool only reads and never destroys.</summary>
    public bool ReadOnlyHint => _tool.Annotations is { ReadOnlyHint: true, DestructiveHint: not true };

    public ToolKind Kind => ToolKind.Exec;

    // Sent by name only when tool search is on: MCP servers can bring many tools.
    public bool IsDeferrable => true;

    public ToolDecoding Decode(JsonElement input, ToolSession session) =>
        ToolDecoding.Ok(new ToolInput(input, input, new ToolFacets { IsReadOnly = ReadOnlyHint, IsConcurrencySafe = ReadOnlyHint, Summary = FirstString(input) }));

    /// <summary>An MCP tool's input is the server's own; its first string argument is the best one-line summary.</summary>
    private static string FirstString(JsonElement input)
    {
        if (input.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in input.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String)
                {
                    return property.Value.GetString() ?? string.Empty;
                }
            }
        }

        return string.Empty;
    }

    public PermissionDecision? CheckPermission(ToolInput input, ToolSession session) => ReadOnlyHint
        ? PermissionDecision.Allow($"the server \"{_server.Name}\" marks {_tool.Name} read-only", source: "mcp")
        : null;

    public async ValueTask<ToolResult> ExecuteAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.ToolTimeout, _options.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var (client, problem) = await _server.LiveAsync(linked.Token).ConfigureAwait(false);
            if (client is null)
            {
                return ToolResult.Error(problem!);
            }

            if (!_server.Offers(_tool.Name))
            {
                return ToolResult.Error($"MCP server \"{_server.Name}\" no longer offers {_tool.Name} (its tool list changed).");
            }

            var result = await client.CallToolAsync(_tool.Name, McpContent.Arguments(input.Json), new ProgressRelay(context), cancellationToken: linked.Token).ConfigureAwait(false);
            await _server.ToolListSettledAsync(linked.Token).ConfigureAwait(false);
            return McpContent.ToToolResult(result, MaxResultChars);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ToolResult.Error($"{Name} did not answer within {_options.ToolTimeout.TotalSeconds:0.#} s (MCP_TOOL_TIMEOUT) and was cancelled.");
        }
        catch (McpProtocolException ex)
        {
            return ToolResult.Error($"{Name} failed: {ex.Message}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            var (_, stillDown) = _server.Live();
            return ToolResult.Error(stillDown ?? $"{Name} failed: {McpServerConnection.Describe(ex)}");
        }
    }

    private static JsonElement Schema(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object ? schema : EmptySchema;

    private static readonly JsonElement EmptySchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    /// <summary>Turns progress notifications into tool progress (no synchronization context, unlike Progress&lt;T&gt;).</summary>
    private sealed class ProgressRelay(ToolContext context) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value)
        {
            var amount = value.Total is { } total ? $"{value.Progress:0.##}/{total:0.##}" : $"{value.Progress:0.##}";
            context.Progress(value.Message is { Length: > 0 } message ? $"{amount} {message}" : amount);
        }
    }
}
