using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Core.Settings.Writing;

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
        var scope = files.ScopePath("local");
        return SettingsWriter.Edit(files.UserFile, edit =>
        {
            edit.RemoveFromArray([.. scope, approved ? Disabled : Enabled], item => item.ValueKind == JsonValueKind.String && item.GetString() == server);
            edit.AppendUnique([.. scope, approved ? Enabled : Disabled], JsonValue.Create(server));
            return null;
        });
    }

    private static bool Contains(JsonNode? node, string server) =>
        node is JsonArray list && list.Any(i => i?.GetValueKind() == System.Text.Json.JsonValueKind.String && i.GetValue<string>() == server);
}
