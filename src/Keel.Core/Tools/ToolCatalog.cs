using System.Collections.Concurrent;

namespace Keel.Core.Tools;

/// <summary>
/// The session's tools by name, for decisions asked by name only (<c>keel permissions check</c>, hook
/// <c>if</c> conditions, <c>@file</c> includes): the tool's facets answer them as they answer a real call.
/// </summary>
public sealed class ToolCatalog
{
    private readonly ConcurrentDictionary<string, ITool> _tools = new(StringComparer.Ordinal);

    public void Register(IEnumerable<ITool> tools)
    {
        foreach (var tool in tools)
        {
            _tools[tool.Name] = tool;
        }
    }

    public ITool? Find(string name) => _tools.TryGetValue(name, out var tool) ? tool : null;

    /// <summary>True when a rule naming <paramref name="ruleTool"/> governs some tool: its name, a rule alias, or any MCP tool name.</summary>
    public bool Governs(string ruleTool) =>
        ruleTool.StartsWith("mcp__", StringComparison.Ordinal)
        || _tools.ContainsKey(ruleTool)
        || _tools.Values.Any(t => t.RuleAliases.Contains(ruleTool));
}
