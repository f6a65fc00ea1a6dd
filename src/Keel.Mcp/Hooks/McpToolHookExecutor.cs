using Keel.Core.Hooks;
using Keel.Core.Messages;
using Keel.Mcp.Client;
using ModelContextProtocol;

namespace Keel.Mcp.Hooks;

/// <summary>
/// Runs <c>mcp_tool</c> hooks: calls the named tool of a connected MCP server with the handler's <c>input</c>, in which
/// <c>${tool_input.file_path}</c>-style references are filled from the event's input. The tool's text is the hook's
/// stdout, read as a command hook's would be (a JSON decision included); a tool that reports an error is a failing,
/// non-blocking exit; a server or tool that is not there is a warning, never a block.
/// </summary>
public sealed class McpToolHookExecutor(McpHub hub, TimeProvider time) : IHookExecutor
{
    public async Task<HookExecution> ExecuteAsync(HookRequest request, CancellationToken cancellationToken)
    {
        var handler = request.Handler;
        var name = $"{handler.Server}/{handler.Tool}";
        using var timeout = new CancellationTokenSource(request.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            var server = hub.Servers.FirstOrDefault(s => s.Name == handler.Server);
            if (server is null)
            {
                var known = hub.Servers.Count == 0 ? "none is configured" : "configured: " + string.Join(", ", hub.Servers.Select(static s => s.Name));
                return HookExecution.Failed($"could not run: no MCP server \"{handler.Server}\" for mcp_tool {name} ({known})");
            }

            if (server.State == McpServerState.Pending)
            {
                // A hook early in the session (SessionStart, the first tool call) waits for the servers to come up.
                await hub.WaitForStartupAsync(linked.Token).ConfigureAwait(false);
            }

            var (client, problem) = await server.LiveAsync(linked.Token).ConfigureAwait(false);
            if (client is null)
            {
                return HookExecution.Failed($"could not run mcp_tool {name}: {problem}");
            }

            if (!server.Offers(handler.Tool!))
            {
                return HookExecution.Failed($"could not run: MCP server \"{handler.Server}\" has no tool \"{handler.Tool}\" (it offers {string.Join(", ", server.Tools.Select(static t => t.Name))})");
            }

            using var arguments = HookToolArguments.Fill(handler.ToolArguments, request.Input);
            var result = await client.CallToolAsync(handler.Tool!, McpContent.Arguments(arguments.RootElement), cancellationToken: linked.Token).ConfigureAwait(false);
            var text = string.Join("\n", McpContent.ToToolResult(result, int.MaxValue).Content.OfType<TextBlock>().Select(static b => b.Text));
            return result.IsError == true ? new HookExecution(1, string.Empty, text) : new HookExecution(0, text, string.Empty);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new HookExecution(null, string.Empty, string.Empty, TimedOut: true);
        }
        catch (McpProtocolException ex)
        {
            return HookExecution.Failed($"mcp_tool {name} failed: {ex.Message}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            return HookExecution.Failed($"mcp_tool {name} failed: {McpServerConnection.Describe(ex)}");
        }
    }
}
