using System.Text.RegularExpressions;
using Keel.Core.Cost;
using Keel.Core.Model;

namespace Keel.Core.Agent;

/// <summary>Thinking budgets for <c>--effort</c>, and the "ultrathink" keyword that raises one prompt to the top budget.</summary>
public static partial class ThinkingBudgets
{
    public const int Low = 4_096;
    public const int Medium = 16_384;
    public const int High = 32_768;

    /// <summary>The budget for an effort name (low, medium, high); null for anything else.</summary>
    public static int? ForEffort(string? effort) => effort?.Trim().ToLowerInvariant() switch
    {
        "low" => Low,
        "medium" => Medium,
        "high" => High,
        _ => null,
    };

    public static bool AsksForUltrathink(string prompt) => UltrathinkWord().IsMatch(prompt);

    /// <summary>The output cap that leaves room for an answer after <paramref name="thinking"/>, within the model's limit.</summary>
    public static int MaxTokensFor(string model, int maxTokens, ThinkingConfig? thinking)
    {
        var limit = ModelCatalog.Get(model).MaxOutputTokens;
        return thinking?.BudgetTokens is { } budget && budget >= maxTokens
            ? Math.Min(limit, budget + 4_096)
            : Math.Min(limit, maxTokens);
    }

    [GeneratedRegex(@"\bultrathink\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UltrathinkWord();
}
