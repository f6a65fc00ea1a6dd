using System.Text.Json;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Tools;
using ModelContextProtocol;

namespace Keel.Mcp.Client;

/// <summary>Reads one resource of an MCP server by URI.</summary>
public sealed class ReadMcpResourceTool(IReadOnlyList<McpServerConnection> servers, int maxChars) : ITool
{
    public const string ToolName = "ReadMcpResource";

    private static readonly JsonElement InputSchema = JsonDocument.Parse("""
        {"type":"object","properties":{"server":{"type":"string","description":"The MCP server that offers the resource."},"uri":{"type":"string","description":"The resource URI, as listed by ListMcpResources."}},"required":["server","uri"],"additionalProperties":false}
        """).RootElement.Clone();

    public string Name => ToolName;

    public ToolDefinition Definition { get; } = new(
        ToolName,
        "Reads a resource from a connected MCP server by its URI (see ListMcpResources) and returns its content.",
        InputSchema);

    private const string InvalidMessage = "<tool_use_error>InputValidationError: ReadMcpResource needs \"server\" and \"uri\" strings.</tool_use_error>";

    public int MaxResultChars => maxChars;

    public ToolKind Kind => ToolKind.Read;

    // Sent by name only when tool search is on: MCP servers can bring many tools.
    public bool IsDeferrable => true;

    public ToolDecoding Decode(JsonElement input, ToolSession session) =>
        Field(input, "server") is null || Field(input, "uri") is null
            ? ToolDecoding.Invalid(InvalidMessage)
            : ToolDecoding.Ok(new ToolInput(input, input, new ToolFacets { IsReadOnly = true, IsConcurrencySafe = true, Summary = Field(input, "uri") ?? string.Empty }));

    public PermissionDecision? CheckPermission(ToolInput input, ToolSession session) =>
        PermissionDecision.Allow("reading an MCP resource changes nothing", source: "mcp");

    public async ValueTask<ToolResult> ExecuteAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken)
    {
        var json = input.Json;
        var name = Field(json, "server");
        var uri = Field(json, "uri");
        if (name is null || uri is null)
        {
            return ToolResult.Error(InvalidMessage);
        }

        var server = servers.FirstOrDefault(s => s.Name == name);
        if (server is null)
        {
            return ToolResult.Error($"No MCP server named \"{name}\". Connected servers: {string.Join(", ", servers.Select(static s => s.Name))}.");
        }

        var (client, problem) = server.Live();
        if (client is null)
        {
            return ToolResult.Error(problem!);
        }

        try
        {
            var result = await client.ReadResourceAsync(uri, cancellationToken: cancellationToken).ConfigureAwait(false);
            var text = string.Join("\n", result.Contents.Select(McpContent.Describe));
            return ToolResult.Success(text.Length == 0 ? $"{uri} is empty." : text);
        }
        catch (McpException ex)
        {
            return ToolResult.Error($"Reading {uri} from \"{name}\" failed: {ex.Message}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            return ToolResult.Error(server.Live().Problem ?? $"Reading {uri} from \"{name}\" failed: {McpServerConnection.Describe(ex)}");
        }
    }

    private static string? Field(JsonElement input, string name) =>
        input.ValueKind == JsonValueKind.Object && input.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
