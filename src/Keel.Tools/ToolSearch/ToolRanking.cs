using Keel.Core.Tools;

namespace Keel.Tools.ToolSearch;

/// <summary>Ranks tools for a keyword query: name parts weigh most, then words of the description.</summary>
internal static class ToolRanking
{
    public static List<ITool> Rank(IReadOnlyList<ITool> tools, string query, int limit)
    {
        var terms = query.ToLowerInvariant()
            .Split([' ', ',', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (terms.Length == 0)
        {
            return [];
        }

        return [.. tools
            .Select(t => (Tool: t, Score: Score(t, terms)))
            .Where(static s => s.Score > 0)
            .OrderByDescending(static s => s.Score)
            .ThenBy(static s => s.Tool.Name, StringComparer.Ordinal)
            .Take(limit)
            .Select(static s => s.Tool)];
    }

    private static int Score(ITool tool, string[] terms)
    {
        var name = tool.Name.ToLowerInvariant();
        var parts = Split(tool.Name);
        var description = tool.Definition.Description.ToLowerInvariant();
        var score = 0;
        foreach (var term in terms)
        {
            if (name == term)
            {
                score += 20;
            }
            else if (parts.Contains(term))
            {
                score += 10;
            }
            else if (name.Contains(term, StringComparison.Ordinal))
            {
                score += 5;
            }

            if (description.Contains(term, StringComparison.Ordinal))
            {
                score += 2;
            }
        }

        return score;
    }

    /// <summary>The words of a tool name: <c>mcp__github__create_issue</c> and <c>NotebookEdit</c> both split.</summary>
    private static HashSet<string> Split(string name)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var boundary = c is '_' or '-' or '.' || (char.IsUpper(c) && i > 0 && char.IsLower(name[i - 1]));
            if (boundary && current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }

            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }
}
