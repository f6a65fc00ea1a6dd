using System.Text;
using System.Text.Json;
using Keel.Core.Messages;
using Keel.Core.Permissions;
using Keel.Core.Tools;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using McpBlock = ModelContextProtocol.Protocol.ContentBlock;

namespace Keel.Mcp.Server;

/// <summary>
/// <c>keel mcp serve</c>: Keel's built-in tools over stdio MCP. Every call goes through the same
/// permission engine as a session; nobody can be asked, so a call that would ask is refused with
/// the reason and how to allow it.
/// </summary>
public sealed class KeelToolServer(IReadOnlyList<ITool> tools, PermissionEngine policy, ToolSession session, string version)
{
    public McpServerOptions Options() => new()
    {
        ServerInfo = new Implementation { Name = "keel", Version = version },
        Capabilities = new ServerCapabilities { Tools = new ToolsCapability() },
        Handlers = new McpServerHandlers
        {
            ListToolsHandler = (_, _) => ValueTask.FromResult(new ListToolsResult { Tools = [.. Offered().Select(Describe)] }),
            CallToolHandler = async (request, cancellationToken) => await CallAsync(request.Params, cancellationToken).ConfigureAwait(false),
        },
    };

    /// <summary>Serves on this process's stdin/stdout until the client goes away.</summary>
    public async Task RunStdioAsync(CancellationToken cancellationToken)
    {
        var options = Options();
        await using var transport = new StdioServerTransport(options, loggerFactory: null);
        await using var server = McpServer.Create(transport, options);
        await server.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<CallToolResult> CallAsync(CallToolRequestParams? request, CancellationToken cancellationToken)
    {
        var name = request?.Name ?? string.Empty;
        var tool = Offered().FirstOrDefault(t => t.Name == name);
        if (tool is null)
        {
            return Error($"No such tool: {name}. Available tools: {string.Join(", ", Offered().Select(static t => t.Name))}.");
        }

        var input = Input(request?.Arguments);
        var invalid = tool.ValidateInput(input, session);
        if (invalid is not null)
        {
            return Error(invalid);
        }

        var decision = policy.Decide(tool, input, session);
        if (decision.Behavior == PermissionBehavior.Ask)
        {
            return Error($"Permission to use {name} was denied: {decision.Reason}. keel mcp serve cannot ask anyone; allow it with a rule (permissions.allow in .keel/settings.json, e.g. \"{name}\") or a permission mode in settings.");
        }

        if (decision.Behavior == PermissionBehavior.Deny)
        {
            return Error($"Permission to use {name} was denied: {decision.Reason}");
        }

        var id = $"mcp-{Guid.NewGuid():N}";
        ToolResult result;
        try
        {
            result = await tool.ExecuteAsync(input, new ToolContext(id, session) { Decision = decision }, cancellationToken).ConfigureAwait(false);
            result = OutputBudget.Apply(result, tool.MaxResultChars, id, session);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            result = ToolResult.Error($"{name} failed unexpectedly: {ex.GetType().Name}: {ex.Message}");
        }

        return new CallToolResult { Content = [.. result.Content.Select(Map)], IsError = result.IsError };
    }

    private IEnumerable<ITool> Offered() => tools.Where(policy.IsOffered);

    private static Tool Describe(ITool tool)
    {
        var readOnly = tool.Name is "Read" or "Glob" or "Grep" || tool.IsReadOnly(EmptyObject);
        return new Tool
        {
            Name = tool.Name,
            Description = tool.Definition.Description,
            InputSchema = tool.Definition.InputSchema,
            Annotations = new ToolAnnotations { ReadOnlyHint = readOnly, DestructiveHint = !readOnly },
        };
    }

    private static McpBlock Map(Keel.Core.Messages.ContentBlock block) => block switch
    {
        TextBlock text => new TextContentBlock { Text = text.Text },
        ImageBlock image => new ImageContentBlock { MimeType = image.MediaType, Data = Encoding.UTF8.GetBytes(image.Base64Data) },
        _ => new TextContentBlock { Text = $"[{block.GetType().Name} not shown]" },
    };

    private static JsonElement Input(IDictionary<string, JsonElement>? arguments)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in arguments ?? new Dictionary<string, JsonElement>(StringComparer.Ordinal))
            {
                writer.WritePropertyName(key);
                value.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static CallToolResult Error(string text) => new() { Content = [new TextContentBlock { Text = text }], IsError = true };

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();
}
