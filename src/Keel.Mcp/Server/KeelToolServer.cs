using System.Text;
using System.Text.Json;
using Keel.Core.Messages;
using Keel.Core.Permissions;
using Keel.Core.Tools;
using Keel.Core.Tools.Pipeline;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using McpBlock = ModelContextProtocol.Protocol.ContentBlock;

namespace Keel.Mcp.Server;

/// <summary>
/// <c>keel mcp serve</c>: Keel's built-in tools over stdio MCP. Every call runs the session's tool-call pipeline
/// (schema check, hooks, permissions, sandbox, output budget) over the tools in its parts; nobody can be asked, so a
/// call that would ask is refused with the reason and how to allow it. Tool annotations come from each tool's kind.
/// </summary>
public sealed class KeelToolServer(ToolPipeline pipeline, string version)
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
        // A script may pipe its requests and close stdin at once: the drain holds the end back until all are answered.
        var drain = new StdioDrain();
        await using var transport = new StreamServerTransport(drain.Input(Console.OpenStandardInput()), drain.Output(Console.OpenStandardOutput()), options.ServerInfo?.Name, loggerFactory: null);
        await using var server = McpServer.Create(transport, options);
        await server.RunAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<CallToolResult> CallAsync(CallToolRequestParams? request, CancellationToken cancellationToken)
    {
        var name = request?.Name ?? string.Empty;
        var offered = Offered().ToList();
        if (!offered.Any(t => t.Name == name))
        {
            return Error($"No such tool: {name}. Available tools: {string.Join(", ", offered.Select(static t => t.Name))}.");
        }

        var asker = new NobodyToAsk();
        var outcome = await pipeline.With(p => p with { Tools = offered, Asker = asker, Deferred = null }).RunAsync(new ToolUseBlock($"mcp-{Guid.NewGuid():N}", name, Input(request?.Arguments)), null, cancellationToken).ConfigureAwait(false);
        if (asker.Asked is { } asked)
        {
            return Error($"Permission to use {name} was denied: {asked.Reason}. keel mcp serve cannot ask anyone; allow it with a rule (permissions.allow in .keel/settings.json, e.g. \"{name}\") or a permission mode in settings.");
        }

        var result = outcome.Result;
        return new CallToolResult { Content = [.. result.Content.Select(Map)], IsError = result.IsError };
    }

    private IEnumerable<ITool> Offered() => pipeline.Parts.Tools.Where(pipeline.Parts.Policy.IsOffered);

    /// <summary>
    /// How a tool is listed: its definition, and MCP annotations from its kind (what the tool declares about
    /// itself): reads are read-only, writes and commands destructive, network and commands open-world.
    /// </summary>
    public static Tool Describe(ITool tool)
    {
        var readOnly = tool.Kind == ToolKind.Read;
        return new Tool
        {
            Name = tool.Name,
            Description = tool.Definition.Description,
            InputSchema = tool.Definition.InputSchema,
            Annotations = new ToolAnnotations { ReadOnlyHint = readOnly, DestructiveHint = tool.Kind is ToolKind.Write or ToolKind.Exec, OpenWorldHint = tool.Kind is ToolKind.Network or ToolKind.Exec },
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

    /// <summary>Nobody answers prompts here: whatever would ask is refused, and remembered for the message.</summary>
    private sealed class NobodyToAsk : IPermissionAsker
    {
        public PermissionDecision? Asked { get; private set; }

        public ValueTask<PermissionAnswer> AskAsync(PermissionAsk ask, CancellationToken cancellationToken)
        {
            Asked = ask.Decision;
            return ValueTask.FromResult(new PermissionAnswer(PermissionAnswerKind.Reject));
        }
    }
}
