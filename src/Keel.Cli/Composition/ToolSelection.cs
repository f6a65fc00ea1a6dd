using Keel.Core.Tools;

namespace Keel.Cli.Composition;

/// <summary><c>--tools</c>: which built-in tools the model is offered. MCP tools come from their servers' configuration and are kept.</summary>
internal static class ToolSelection
{
    public static IReadOnlyList<ITool> Apply(IReadOnlyList<ITool> tools, IReadOnlyList<string>? names, List<string> warnings)
    {
        if (names is null)
        {
            return tools;
        }

        var wanted = names.ToHashSet(StringComparer.Ordinal);
        foreach (var unknown in wanted.Where(n => !tools.Any(t => t.Name == n)))
        {
            warnings.Add($"--tools: there is no built-in tool named '{unknown}'");
        }

        return [.. tools.Where(t => wanted.Contains(t.Name) || t.Name.StartsWith("mcp__", StringComparison.Ordinal))];
    }
}
