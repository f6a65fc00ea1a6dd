using System.Text.Json.Nodes;

namespace Keel.Mcp.Config;

/// <summary>
/// Remembers, per project, which <c>.mcp.json</c> servers the user approved or rejected, in
/// <c>~/.keel/mcp.json</c> under <c>projects["/abs/root"]</c> (<c>enabledMcpjsonServers</c> /
/// <c>disabledMcpjsonServers</c>, the same keys settings files use). The interactive surface asks once
/// and records the answer here; headless runs only read it.
/// </summary>
public sealed class McpApprovalStore(McpConfigFiles files)
{
    public const string Enabled = "enabledMcpjsonServers";

    public const string Disabled = "disabledMcpjsonServers";

    /// <summary>True approved, false rejected, null never asked.</summary>
    public bool? Choice(string server)
    {
        var (root, _) = McpConfigFiles.Read(files.UserFile);
        if (root is null || files.ScopeObject(root, "local", create: false) is not { } project)
        {
            return null;
        }

        if (Contains(project[Disabled], server))
        {
            return false;
        }

        return Contains(project[Enabled], server) ? true : null;
    }

    /// <summary>Records the user's answer; a message when the file could not be written.</summary>
    public string? Record(string server, bool approved)
    {
        var (root, error) = McpConfigFiles.Read(files.UserFile);
        if (root is null)
        {
            return error;
        }

        var project = files.ScopeObject(root, "local", create: true)!;
        Remove(project, approved ? Disabled : Enabled, server);
        if (project[approved ? Enabled : Disabled] is not JsonArray list)
        {
            list = [];
            project[approved ? Enabled : Disabled] = list;
        }

        if (!Contains(list, server))
        {
            list.Add((JsonNode)JsonValue.Create(server));
        }

        try
        {
            McpConfigFiles.Write(files.UserFile, root);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"{files.UserFile} could not be written: {ex.Message}";
        }
    }

    private static void Remove(JsonObject project, string key, string server)
    {
        if (project[key] is JsonArray list)
        {
            foreach (var item in list.Where(i => i?.GetValueKind() == System.Text.Json.JsonValueKind.String && i.GetValue<string>() == server).ToList())
            {
                list.Remove(item);
            }
        }
    }

    private static bool Contains(JsonNode? node, string server) =>
        node is JsonArray list && list.Any(i => i?.GetValueKind() == System.Text.Json.JsonValueKind.String && i.GetValue<string>() == server);
}
