using System.Text;
using Keel.Core.Tools;
using Keel.Core.Tools.Deferral;
using Keel.Tools.Files;

namespace Keel.Tools.ToolSearch;

/// <summary>
/// Loads deferred tools: by exact name (<c>select:A,B</c>) or by keywords over names and descriptions. Loaded tools
/// join the request's tool list from the next request on; the result shows their schemas.
/// </summary>
public sealed class ToolSearchTool(DeferredTools deferred) : Tool<ToolSearchInput>(static () => ToolSearchJsonContext.Default.ToolSearchInput), IDeferredToolLoader
{
    public const int DefaultMaxResults = 5;

    public override string Name => "ToolSearch";

    // It changes only what the model is offered: session state, never the user's files or network.
    public override ToolKind Kind => ToolKind.Interaction;

    protected override string Description => EmbeddedText.Load(nameof(ToolSearchTool));

    protected override bool IsReadOnly(ToolSearchInput input) => true;

    // Two loads at once would race for the order tools are appended in.
    protected override bool IsConcurrencySafe(ToolSearchInput input) => false;

    protected override ToolFacets Describe(ToolSearchInput input, ToolSession session) => new()
    {
        IsReadOnly = true,
        Summary = input.Query,
    };

    protected override string? Validate(ToolSearchInput input, ToolSession session) =>
        string.IsNullOrWhiteSpace(input.Query) ? "query must not be empty: pass \"select:Name\" or some keywords." : null;

    protected override ValueTask<ToolResult> ExecuteAsync(ToolSearchInput input, ToolContext context, CancellationToken cancellationToken)
    {
        var query = input.Query.Trim();
        var all = deferred.All;
        List<ITool> matches;
        List<string> unknown = [];
        if (query.StartsWith("select:", StringComparison.OrdinalIgnoreCase))
        {
            matches = [];
            foreach (var name in query["select:".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (all.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)) is { } tool)
                {
                    matches.Add(tool);
                }
                else
                {
                    unknown.Add(name);
                }
            }
        }
        else
        {
            matches = ToolRanking.Rank(all, query, Math.Max(1, input.MaxResults ?? DefaultMaxResults));
        }

        deferred.Load(matches.Select(static t => t.Name));
        return ValueTask.FromResult(matches.Count == 0
            ? ToolResult.Success(NothingFound(query, unknown, all))
            : ToolResult.Success(Describe(matches, unknown)));
    }

    private static string NothingFound(string query, List<string> unknown, IReadOnlyList<ITool> all)
    {
        var text = new StringBuilder();
        text.Append(unknown.Count > 0 ? $"No deferred tool is named {string.Join(", ", unknown)}." : $"No deferred tool matches \"{query}\".");
        text.Append(" Deferred tools: ").Append(all.Count == 0 ? "none" : string.Join(", ", all.Select(static t => t.Name))).Append('.');
        return text.ToString();
    }

    private static string Describe(List<ITool> matches, List<string> unknown)
    {
        var text = new StringBuilder();
        text.Append("Loaded ").Append(matches.Count).Append(matches.Count == 1 ? " tool" : " tools")
            .Append("; call them directly from now on.\n");
        foreach (var tool in matches)
        {
            var definition = tool.Definition;
            text.Append("\n<tool name=\"").Append(definition.Name).Append("\">\n")
                .Append(definition.Description.Trim()).Append("\n\nInput schema: ")
                .Append(definition.InputSchema.ValueKind == System.Text.Json.JsonValueKind.Object ? definition.InputSchema.GetRawText() : "{\"type\":\"object\"}")
                .Append("\n</tool>\n");
        }

        if (unknown.Count > 0)
        {
            text.Append("\nNot found (no deferred tool has that name): ").AppendJoin(", ", unknown).Append('\n');
        }

        return text.ToString();
    }
}
