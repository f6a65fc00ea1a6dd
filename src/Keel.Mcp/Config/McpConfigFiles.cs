using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keel.Mcp.Config;

/// <summary>
/// Where server entries live: the project's <c>.mcp.json</c> and Keel's own <c>~/.keel/mcp.json</c>,
/// which holds user servers at the top level and local (per-project) servers and approvals under
/// <c>projects["/abs/root"]</c>.
/// </summary>
public sealed record McpConfigFiles(string ProjectDirectory, string KeelConfigDirectory)
{
    public string ProjectFile => Path.Combine(ProjectDirectory, ".mcp.json");

    public string UserFile => Path.Combine(KeelConfigDirectory, "mcp.json");

    /// <summary>
    /// The reference client's <c>~/.claude.json</c>, read (never written) like <see cref="UserFile"/>: its top-level
    /// servers are user servers, <c>projects["/abs/root"]</c> ones local; Keel's own file wins on a name clash. Null: not read.
    /// </summary>
    public string? ClaudeUserFile { get; init; }

    /// <summary><c>~/.claude.json</c> under <paramref name="home"/>, or null without a home.</summary>
    public static string? ClaudeFileIn(string? home) => string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".claude.json");

    /// <summary>The file that holds a scope's entries.</summary>
    public string FileFor(string scope) => scope == "project" ? ProjectFile : UserFile;

    /// <summary>The parsed file, or an empty object when it does not exist; null with a message when it is broken.</summary>
    public static (JsonObject? Root, string? Error) Read(string path)
    {
        if (!File.Exists(path))
        {
            return (new JsonObject(), null);
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }) is JsonObject root
                ? (root, null)
                : (null, $"{path} does not hold a JSON object");
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return (null, $"{path} could not be read: {ex.Message}");
        }
    }

    /// <summary>Where a scope's <c>mcpServers</c> object lives in its file (for <see cref="Keel.Core.Settings.Writing.SettingsWriter"/>).</summary>
    public string[] ServersPath(string scope) => [.. ScopePath(scope), "mcpServers"];

    /// <summary>The path of the object holding a scope's entries: the root, or <c>projects["/abs/root"]</c> for local scope.</summary>
    public string[] ScopePath(string scope) => scope == "local" ? ["projects", ProjectDirectory] : [];

    /// <summary>The object holding a scope's <c>mcpServers</c> (created when <paramref name="create"/>).</summary>
    public JsonObject? ScopeObject(JsonObject root, string scope, bool create)
    {
        if (scope != "local")
        {
            return root;
        }

        if (root["projects"] is not JsonObject projects)
        {
            if (!create)
            {
                return null;
            }

            projects = [];
            root["projects"] = projects;
        }

        if (projects[ProjectDirectory] is not JsonObject project)
        {
            if (!create)
            {
                return null;
            }

            project = [];
            projects[ProjectDirectory] = project;
        }

        return project;
    }

    /// <summary>The <c>mcpServers</c> object of a scope (created when <paramref name="create"/>).</summary>
    public JsonObject? Servers(JsonObject root, string scope, bool create)
    {
        var holder = ScopeObject(root, scope, create);
        if (holder is null)
        {
            return null;
        }

        if (holder["mcpServers"] is JsonObject servers)
        {
            return servers;
        }

        if (!create)
        {
            return null;
        }

        servers = [];
        holder["mcpServers"] = servers;
        return servers;
    }
}
