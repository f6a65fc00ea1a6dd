using System.Text;
using System.Text.Json;
using Keel.Core.Model;
using Keel.Core.Permissions;
using Keel.Core.Tools;

namespace Keel.Mcp.Client;

/// <summary>Lists the resources connected MCP servers offer (all servers, or one).</summary>
public sealed class ListMcpResourcesTool(IReadOnlyList<McpServerConnection> servers) : ITool
{
    public const string ToolName = "ListMcpResources";

    private static readonly JsonElement InputSchema = JsonDocument.Parse("""
        {"type":"object","properties":{"server":{"type":"string","description":"Only list this server's resources; omit for all servers."}},"additionalProperties":false}
        """).RootElement.Clone();

    public string Name => ToolName;

    public ToolDefinition Definition { get; } = new(
        ToolName,
        "Lists the resources (files, records, documents) that connected MCP servers make available, with their URIs. Read one with ReadMcpResource.",
        InputSchema);

    public int MaxResultChars => 50_000;

    public ToolKind Kind => ToolKind.Read;

    // Sent by name only when tool search is on: MCP servers can bring many tools.
    public bool IsDeferrable => true;

    public ToolDecoding Decode(JsonElement input, ToolSession session) =>
        ToolDecoding.Ok(new ToolInput(input, input, new ToolFacets { IsReadOnly = true, IsConcurrencySafe = true }));

    public PermissionDecision? CheckPermission(ToolInput input, ToolSession session) =>
        PermissionDecision.Allow("listing MCP resources changes nothing", source: "mcp");

    public async ValueTask<ToolResult> ExecuteAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken)
    {
        var json = input.Json;
        var only = json.ValueKind == JsonValueKind.Object && json.TryGetProperty("server", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        var chosen = servers.Where(c => c.SupportsResources && (only is null || c.Name == only)).ToList();
        if (only is not null && chosen.Count == 0)
        {
            return ToolResult.Error($"No connected MCP server named \"{only}\" offers resources. Servers with resources: {Names()}.");
        }

        var text = new StringBuilder();
        foreach (var server in chosen)
        {
            var (client, problem) = server.Live();
            if (client is null)
            {
                text.Append(server.Name).Append(": ").AppendLine(problem);
                continue;
            }

            try
            {
                var resources = await client.ListResourcesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var resource in resources)
                {
                    text.Append(server.Name).Append(": ").Append(resource.Uri).Append(" — ").Append(resource.Name);
                    if (resource.MimeType is { } mime)
                    {
                        text.Append(" (").Append(mime).Append(')');
                    }

                    text.AppendLine();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                text.Append(server.Name).Append(": could not list resources: ").AppendLine(McpServerConnection.Describe(ex));
            }
        }

        return ToolResult.Success(text.Length == 0 ? "No MCP server offers resources." : text.ToString().TrimEnd());
    }

    private string Names() => string.Join(", ", servers.Where(static c => c.SupportsResources).Select(static c => c.Name).DefaultIfEmpty("none"));
}
