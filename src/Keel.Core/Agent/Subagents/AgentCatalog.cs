using System.Text.Json;
using Keel.Core.Json;

namespace Keel.Core.Agent.Subagents;

/// <summary>
/// The agents a session can spawn, by name: <c>--agents</c> first, then project files (<c>.keel/agents</c>,
/// <c>.claude/agents</c>, nearest directory first), then user files (<c>~/.keel/agents</c>, <c>~/.claude/agents</c>),
/// then the built-ins. The first definition of a name wins. Files are read only when the catalog is first used.
/// </summary>
public sealed class AgentCatalog
{
    private readonly Func<(List<AgentDefinition> Agents, List<string> Warnings)> _load;
    private (List<AgentDefinition> Agents, List<string> Warnings)? _loaded;

    public AgentCatalog(Func<(List<AgentDefinition> Agents, List<string> Warnings)> load)
    {
        _load = load;
    }

    /// <summary>Every agent, sorted by name (ordinal), so anything built from it has stable bytes.</summary>
    public IReadOnlyList<AgentDefinition> All => Loaded.Agents;

    /// <summary>Agent files and <c>--agents</c> entries that were skipped, and why.</summary>
    public IReadOnlyList<string> Warnings => Loaded.Warnings;

    private (List<AgentDefinition> Agents, List<string> Warnings) Loaded => _loaded ??= _load();

    public AgentDefinition? Find(string name) =>
        All.FirstOrDefault(a => a.Name == name) ?? All.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The catalog of a session started in <paramref name="cwd"/>.</summary>
    public static AgentCatalog ForSession(string cwd, string? home, string? agentsJson) => new(() => Load(cwd, home, agentsJson));

    public static (List<AgentDefinition> Agents, List<string> Warnings) Load(string cwd, string? home, string? agentsJson)
    {
        var warnings = new List<string>();
        var found = new List<AgentDefinition>();
        if (!string.IsNullOrWhiteSpace(agentsJson))
        {
            found.AddRange(ParseJson(agentsJson, warnings));
        }

        var homeFull = home is null ? null : Path.GetFullPath(home);
        for (var dir = new DirectoryInfo(cwd); dir is not null; dir = dir.Parent)
        {
            if (homeFull is not null && dir.FullName == homeFull)
            {
                break;
            }

            ReadDirectory(Path.Combine(dir.FullName, ".keel", "agents"), "project", found, warnings);
            ReadDirectory(Path.Combine(dir.FullName, ".claude", "agents"), "project", found, warnings);
        }

        if (homeFull is not null)
        {
            ReadDirectory(Path.Combine(homeFull, ".keel", "agents"), "user", found, warnings);
            ReadDirectory(Path.Combine(homeFull, ".claude", "agents"), "user", found, warnings);
        }

        found.AddRange(BuiltInAgents.All);
        var byName = new Dictionary<string, AgentDefinition>(StringComparer.Ordinal);
        foreach (var agent in found)
        {
            byName.TryAdd(agent.Name, agent);
        }

        return ([.. byName.Values.OrderBy(static a => a.Name, StringComparer.Ordinal)], warnings);
    }

    /// <summary><c>--agents '{"name": {"description": ..., "prompt": ..., "tools": [...], "model": ...}}'</c>.</summary>
    public static IReadOnlyList<AgentDefinition> ParseJson(string json, ICollection<string> warnings)
    {
        var agents = new List<AgentDefinition>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                warnings.Add("--agents must be a JSON object of agent name to definition.");
                return agents;
            }

            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Object)
                {
                    warnings.Add($"--agents: '{entry.Name}' is not an object; skipped.");
                    continue;
                }

                var fields = new Dictionary<string, object>(StringComparer.Ordinal) { ["name"] = entry.Name };
                var prompt = string.Empty;
                foreach (var field in entry.Value.EnumerateObject())
                {
                    if (field.Name == "prompt")
                    {
                        prompt = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()! : string.Empty;
                    }
                    else if (field.Value.ValueKind == JsonValueKind.Array)
                    {
                        fields[field.Name] = field.Value.EnumerateArray().Where(static v => v.ValueKind == JsonValueKind.String).Select(static v => v.GetString()!).ToList();
                    }
                    else if (field.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
                    {
                        fields[field.Name] = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString()! : field.Value.GetRawText();
                    }
                }

                var (agent, error) = AgentFileParser.Build(fields, prompt, "cli", null);
                if (agent is null)
                {
                    warnings.Add($"--agents: '{entry.Name}' was skipped because {error}.");
                }
                else
                {
                    agents.Add(agent);
                }
            }
        }
        catch (JsonException ex)
        {
            var error = JsonSyntaxError.From(ex, System.Text.Encoding.UTF8.GetBytes(json));
            warnings.Add($"--agents is not valid JSON: line {error.Line}, column {error.Column}: {error.What}");
        }

        return agents;
    }

    private static void ReadDirectory(string directory, string source, List<AgentDefinition> found, List<string> warnings)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        IEnumerable<string> files;
        try
        {
            files = [.. Directory.EnumerateFiles(directory, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"Could not list agents in {directory}: {ex.Message}");
            return;
        }

        foreach (var file in files)
        {
            try
            {
                var (agent, error) = AgentFileParser.Parse(File.ReadAllText(file), source, file);
                if (agent is null)
                {
                    warnings.Add($"Agent file {file} was skipped because {error}.");
                }
                else
                {
                    found.Add(agent);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                warnings.Add($"Could not read agent file {file}: {ex.Message}");
            }
        }
    }
}
