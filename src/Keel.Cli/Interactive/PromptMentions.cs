using System.Text;
using Keel.Cli.Composition;
using Keel.Mcp.Client;
using Keel.Terminal.Input;

namespace Keel.Cli.Interactive;

/// <summary>
/// The <c>@</c> mentions beyond files: <c>@agent-name</c> for a subagent and <c>@server:uri</c> for an MCP resource.
/// They fill the live menu, and a prompt that names one carries what it means: a resource's content, or the
/// request to hand the work to that agent.
/// </summary>
internal sealed class PromptMentions(SessionSetup setup)
{
    private const string AgentPrefix = "@agent-";

    // A resource larger than this is cut: a mention must not fill the context window by itself.
    private const int MaxResourceChars = 40_000;

    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    public IReadOnlyList<MenuItem> MenuItems()
    {
        var items = new List<MenuItem>();
        foreach (var agent in setup.Subagents?.Catalog.All ?? [])
        {
            items.Add(new MenuItem(AgentPrefix + agent.Name, AgentPrefix + agent.Name, "agent · " + FirstLine(agent.Description)));
        }

        foreach (var (server, resource) in Resources())
        {
            var mention = $"@{server.Name}:{resource.Uri}";
            var about = resource.Description is { Length: > 0 } d ? $"{resource.Name} · {FirstLine(d)}" : resource.Name;
            items.Add(new MenuItem(mention, mention, "MCP resource · " + about));
        }

        return items;
    }

    /// <summary>Text blocks to send before <paramref name="prompt"/> for each agent or resource it mentions (none when it mentions none).</summary>
    public async Task<IReadOnlyList<string>> ExpandAsync(string prompt, CancellationToken cancellationToken)
    {
        var blocks = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in prompt.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            var mention = word.TrimEnd(',', '.', ';', ')', '?', '!');
            if (!mention.StartsWith('@') || !seen.Add(mention))
            {
                continue;
            }

            if (mention.StartsWith(AgentPrefix, StringComparison.Ordinal) && setup.Subagents?.Catalog.Find(mention[AgentPrefix.Length..]) is { } agent)
            {
                blocks.Add($"<system-reminder>The user mentioned the \"{agent.Name}\" agent: hand this request to it with the Agent tool (subagent_type \"{agent.Name}\").</system-reminder>");
                continue;
            }

            if (Resources().FirstOrDefault(r => mention == $"@{r.Server.Name}:{r.Resource.Uri}") is { Server: not null } found)
            {
                blocks.Add(await ReadAsync(found.Server, found.Resource.Uri, cancellationToken));
            }
        }

        return blocks;
    }

    private IEnumerable<(McpServerConnection Server, ModelContextProtocol.Protocol.Resource Resource)> Resources()
    {
        foreach (var server in setup.Mcp?.Hub.Servers ?? [])
        {
            if (server.State != McpServerState.Connected || !server.SupportsResources)
            {
                continue;
            }

            foreach (var resource in server.Resources)
            {
                yield return (server, resource);
            }
        }
    }

    private static async Task<string> ReadAsync(McpServerConnection server, string uri, CancellationToken cancellationToken)
    {
        var text = new StringBuilder($"<mcp-resource server=\"{server.Name}\" uri=\"{uri}\">\n");
        var (client, problem) = server.Live();
        try
        {
            if (client is null)
            {
                throw new InvalidOperationException(problem);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ReadTimeout);
            var result = await client.ReadResourceAsync(uri, cancellationToken: timeout.Token).ConfigureAwait(false);
            var content = string.Join("\n", result.Contents.Select(McpContent.Describe));
            text.Append(content.Length > MaxResourceChars ? content[..MaxResourceChars] + $"\n[... {content.Length - MaxResourceChars} more characters not attached; read the rest with ReadMcpResource]" : content);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The prompt still goes: the model is told the attachment failed and can try ReadMcpResource itself.
            text.Append($"[could not be read: {(ex is OperationCanceledException ? "timed out" : ex.Message)}]");
        }

        return text.Append("\n</mcp-resource>").ToString();
    }

    private static string FirstLine(string text)
    {
        var line = text.ReplaceLineEndings("\n").Split('\n')[0].Trim();
        return line;
    }
}
