using System.Text.Json;
using Keel.Core.Tools;

namespace Keel.Core.Permissions;

/// <summary>What the engine decides on: the tool's name, kind and rule aliases, and the call's facets.</summary>
/// <param name="Name">The tool's name.</param>
/// <param name="Kind">The tool's kind; null for a tool the engine does not know (an MCP tool asked about by name).</param>
/// <param name="Aliases">Other tool names whose rules govern it.</param>
/// <param name="Facets">The call's rule targets.</param>
/// <param name="Json">The input, for <c>Tool(param:value)</c> rules.</param>
internal sealed record PermissionCall(string Name, ToolKind? Kind, IReadOnlyList<string> Aliases, ToolFacets Facets, JsonElement Json)
{
    public static PermissionCall Of(ITool tool, ToolInput input) => new(tool.Name, tool.Kind, tool.RuleAliases, input.Facets, input.Json);

    public bool IsGovernedBy(string ruleTool) => ruleTool == Name || Aliases.Contains(ruleTool);
}
