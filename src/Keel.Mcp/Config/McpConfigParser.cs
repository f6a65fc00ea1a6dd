using System.Text.Json;

namespace Keel.Mcp.Config;

/// <summary>
/// Reads the <c>mcpServers</c> map of <c>.mcp.json</c>, <c>~/.keel/mcp.json</c>, settings files and
/// <c>--mcp-config</c>. A broken entry is skipped with a warning; the others still load.
/// </summary>
public static class McpConfigParser
{
    /// <summary>Entries of a document that has an <c>mcpServers</c> object (or is that object's parent).</summary>
    public static IReadOnlyList<McpServerConfig> ParseDocument(JsonElement root, string scope, string origin, Func<string, string?> getEnv, ICollection<string> warnings)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("mcpServers", out var servers))
        {
            return [];
        }

        return ParseServers(servers, scope, origin, getEnv, warnings);
    }

    public static IReadOnlyList<McpServerConfig> ParseServers(JsonElement servers, string scope, string origin, Func<string, string?> getEnv, ICollection<string> warnings)
    {
        if (servers.ValueKind != JsonValueKind.Object)
        {
            warnings.Add($"{origin}: \"mcpServers\" must be an object mapping names to server entries.");
            return [];
        }

        var list = new List<McpServerConfig>();
        foreach (var property in servers.EnumerateObject())
        {
            var (config, error) = ParseEntry(property.Name, property.Value, scope, origin, getEnv);
            if (error is not null)
            {
                warnings.Add($"{origin}: MCP server \"{property.Name}\" skipped: {error}");
            }
            else if (config is not null)
            {
                list.Add(config);
            }
        }

        return list;
    }

    public static (McpServerConfig? Config, string? Error) ParseEntry(string name, JsonElement entry, string scope, string origin, Func<string, string?> getEnv)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return (null, "the entry must be an object");
        }

        if (name.Length == 0)
        {
            return (null, "the server name is empty");
        }

        var type = String(entry, "type");
        var url = String(entry, "url");
        var command = String(entry, "command");
        type = type switch
        {
            null when url is not null => null,
            null => "stdio",
            "streamable-http" or "streamableHttp" => "http",
            _ => type,
        };
        if (type is null)
        {
            return (null, "it has a \"url\" but no \"type\"; add \"type\": \"http\" or \"sse\"");
        }

        if (type is not ("stdio" or "http" or "sse"))
        {
            return (null, $"transport \"{type}\" is not supported (use stdio, http or sse)");
        }

        var missing = new List<string>();
        string Expand(string text) => McpEnvExpander.Expand(text, getEnv, missing);
        var env = Map(entry, "env", Expand);
        var headers = Map(entry, "headers", Expand);
        var args = entry.TryGetProperty("args", out var argsElement) && argsElement.ValueKind == JsonValueKind.Array
            ? argsElement.EnumerateArray().Where(static a => a.ValueKind == JsonValueKind.String).Select(a => Expand(a.GetString()!)).ToList()
            : [];
        McpServerConfig config;
        if (type == "stdio")
        {
            if (string.IsNullOrWhiteSpace(command))
            {
                return (null, "a stdio server needs a \"command\"");
            }

            config = new McpServerConfig(name, type, Expand(command), args, env, String(entry, "cwd") is { } cwd ? Expand(cwd) : null, null, headers, scope, origin);
        }
        else
        {
            if (string.IsNullOrWhiteSpace(url))
            {
                return (null, $"an {type} server needs a \"url\"");
            }

            var expanded = Expand(url);
            if (!Uri.TryCreate(expanded, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
            {
                return (null, $"\"{expanded}\" is not an http(s) URL");
            }

            config = new McpServerConfig(name, type, null, [], env, null, expanded, headers, scope, origin);
        }

        return missing.Count > 0
            ? (config with { Missing = missing }, null)
            : (config, null);
    }

    private static string? String(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Dictionary<string, string> Map(JsonElement entry, string name, Func<string, string> expand)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object)
        {
            foreach (var item in value.EnumerateObject())
            {
                if (item.Value.ValueKind == JsonValueKind.String)
                {
                    map[item.Name] = expand(item.Value.GetString()!);
                }
            }
        }

        return map;
    }
}
