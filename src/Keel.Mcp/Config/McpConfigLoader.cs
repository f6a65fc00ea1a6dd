using System.Text.Json;
using Keel.Core.Settings;
using Keel.Core.Json;

namespace Keel.Mcp.Config;

/// <summary>
/// Gathers the servers of a session. Same name: <c>--mcp-config</c> &gt; local &gt; project &gt; user
/// (<c>~/.keel/mcp.json</c>) &gt; settings <c>mcpServers</c>; the whole entry is taken, never merged.
/// <c>--strict-mcp-config</c> uses only the flag's servers. Project servers load only when approved:
/// by <c>enableAllProjectMcpServers</c>, <c>enabledMcpjsonServers</c>, or the approval store.
/// </summary>
public static class McpConfigLoader
{
    public static McpLoadResult Load(
        McpConfigFiles files,
        LoadedSettings settings,
        IReadOnlyList<string> flagConfigs,
        bool strict,
        string workingDirectory,
        Func<string, string?> getEnv)
    {
        var notices = new List<string>();
        var byName = new Dictionary<string, McpServerConfig>(StringComparer.Ordinal);
        var awaiting = new List<McpServerConfig>();

        void AddAll(IEnumerable<McpServerConfig> servers)
        {
            foreach (var server in servers)
            {
                byName.TryAdd(server.Name, server);
            }
        }

        foreach (var flag in flagConfigs)
        {
            var (root, error) = ReadFlag(flag, workingDirectory);
            if (error is not null)
            {
                return McpLoadResult.Failed(error);
            }

            AddAll(McpConfigParser.ParseDocument(root, "flag", flag.TrimStart().StartsWith('{') ? "--mcp-config" : flag, getEnv, notices));
        }

        if (!strict)
        {
            var (user, userError) = McpConfigFiles.Read(files.UserFile);
            if (userError is not null)
            {
                notices.Add(userError);
            }

            if (user is not null && files.Servers(user, "local", create: false) is { } local)
            {
                AddAll(McpConfigParser.ParseServers(Parse(local.ToJsonString()), "local", files.UserFile, getEnv, notices));
            }

            var (claude, claudeError) = files.ClaudeUserFile is { } claudeFile && File.Exists(claudeFile) ? McpConfigFiles.Read(claudeFile) : (null, null);
            if (claudeError is not null)
            {
                notices.Add(claudeError);
            }

            if (claude is not null && files.Servers(claude, "local", create: false) is { } claudeLocal)
            {
                AddAll(McpConfigParser.ParseServers(Parse(claudeLocal.ToJsonString()), "local", files.ClaudeUserFile!, getEnv, notices));
            }

            var project = ReadProject(files.ProjectFile, getEnv, notices);
            var approvals = new McpApprovalStore(files);
            foreach (var server in project.Where(s => !byName.ContainsKey(s.Name)))
            {
                switch (IsApproved(server.Name, settings, approvals))
                {
                    case true:
                        byName.Add(server.Name, server);
                        break;
                    case false:
                        break;
                    default:
                        awaiting.Add(server);
                        notices.Add($"MCP server \"{server.Name}\" from {files.ProjectFile} is not approved for this project and was not started. Approve it once in an interactive session, or list it in \"enabledMcpjsonServers\" (or set \"enableAllProjectMcpServers\": true) in settings.");
                        break;
                }
            }

            if (user is not null && files.Servers(user, "user", create: false) is { } userServers)
            {
                AddAll(McpConfigParser.ParseServers(Parse(userServers.ToJsonString()), "user", files.UserFile, getEnv, notices));
            }

            if (claude is not null && files.Servers(claude, "user", create: false) is { } claudeUser)
            {
                AddAll(McpConfigParser.ParseServers(Parse(claudeUser.ToJsonString()), "user", files.ClaudeUserFile!, getEnv, notices));
            }

            if (settings.Effective.McpServers is { } fromSettings)
            {
                AddAll(McpConfigParser.ParseServers(fromSettings, "settings", "settings", getEnv, notices));
            }
        }

        foreach (var server in byName.Values.Where(static s => s.Missing.Count > 0))
        {
            notices.Add($"MCP server \"{server.Name}\": {string.Join(", ", server.Missing.Distinct().Select(static m => "${" + m + "}"))} is not set and has no default; it was left as written.");
        }

        return new McpLoadResult([.. byName.Values.OrderBy(static s => s.Name, StringComparer.Ordinal)], notices, awaiting);
    }

    /// <summary>True approved, false rejected, null not decided yet.</summary>
    public static bool? IsApproved(string name, LoadedSettings settings, McpApprovalStore approvals)
    {
        if (settings.Effective.DisabledMcpjsonServers.Contains(name))
        {
            return false;
        }

        if (settings.Effective.EnabledMcpjsonServers.Contains(name))
        {
            return true;
        }

        if (settings.Effective.EnableAllProjectMcpServers)
        {
            return true;
        }

        return approvals.Choice(name);
    }

    private static List<McpServerConfig> ReadProject(string path, Func<string, string?> getEnv, List<string> notices)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            return [.. McpConfigParser.ParseDocument(document.RootElement, "project", path, getEnv, notices)];
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            notices.Add($"{path} could not be read, so its MCP servers were not started: {ex.Message}");
            return [];
        }
    }

    private static (JsonElement Root, string? Error) ReadFlag(string flag, string workingDirectory)
    {
        var inline = flag.TrimStart().StartsWith('{');
        var path = inline ? "--mcp-config" : Path.GetFullPath(flag, workingDirectory);
        try
        {
            if (!inline && !File.Exists(path))
            {
                return (default, $"--mcp-config: {path} does not exist.");
            }

            var text = inline ? flag : File.ReadAllText(path);
            JsonElement root;
            try
            {
                root = Parse(text);
            }
            catch (JsonException ex)
            {
                return (default, $"--mcp-config: {JsonSyntaxError.From(ex, System.Text.Encoding.UTF8.GetBytes(text)).At(inline ? "(inline JSON)" : path)}");
            }

            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("mcpServers", out _)
                ? (root, null)
                : (default, $"--mcp-config: {path} must be a JSON object with an \"mcpServers\" map.");
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return (default, $"--mcp-config: {path} is not valid JSON: {ex.Message}");
        }
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
