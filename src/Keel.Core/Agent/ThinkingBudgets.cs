using System.Text.RegularExpressions;
using Keel.Core.Cost;
using Keel.Core.Model;

namespace Keel.Core.Agent;

/// <summary>Thinking budgets for <c>--effort</c>, and the "ultrathink" keyword that raises one prompt to the top budget.</summary>
public static partial class ThinkingBudgets
{
    /// <summary>The smallest fixed budget the API accepts.</summary>
    public const int MinimumBudget = 1_024;

    public const int Low = 4_096;
    public const int Medium = 16_384;
    public const int High = 32_768;
    public const int XHigh = 48_000;
    public const int Max = 63_999;

    /// <summary>Effort names in increasing order.</summary>
    public static IReadOnlyList<string> EffortLevels { get; } = ["low", "medium", "high", "xhigh", "max"];

    /// <summary>The budget for an effort name (low, medium, high); null for anything else.</summary>
    public static int? ForEffort(string? effort) => effort?.Trim().ToLowerInvariant() switch
    {
        "low" => Low,
        "medium" => Medium,
        "high" => High,
        "xhigh" => XHigh,
        "max" => Max,
        _ => null,
    };

    /// <summary>
    /// The thinking to send to <paramref name="model"/>: an effort becomes adaptive thinking where the
    /// model supports it and the matching fixed budget where it does not; fixed budgets stay as they are.
    /// </summary>
    public static ThinkingConfig? ForModel(string model, ThinkingConfig? thinking)
    {
        if (thinking is not { IsAdaptive: true, Effort: { } effort })
        {
            return thinking;
        }

        if (ModelCatalog.Get(model).SupportsAdaptiveThinking)
        {
            return thinking;
        }

        var budget = ForEffort(effort) ?? Medium;
        return new ThinkingConfig(Math.Min(budget, ModelCatalog.Get(model).MaxOutputTokens / 2)) { Display = thinking.Display };
    }

    /// <summary>The ultrathink keyword: the top effort for adaptive models, the high budget otherwise; never lowers a setting.</summary>
    public static ThinkingConfig? RaiseForKeyword(string model, ThinkingConfig? thinking)
    {
        if (thinking?.BudgetTokens is { } budget)
        {
            return budget >= High ? thinking : new ThinkingConfig(High);
        }

        if (!ModelCatalog.Get(model).SupportsAdaptiveThinking)
        {
            return new ThinkingConfig(High);
        }

        return thinking?.Effort is "high" or "max" ? thinking : ThinkingConfig.Adaptive("high");
    }

    public static bool AsksForUltrathink(string prompt) => UltrathinkWord().IsMatch(prompt);

    /// <summary>The output cap that leaves room for an answer after <paramref name="thinking"/>, within the model's limit.</summary>
    public static int MaxTokensFor(string model, int maxTokens, ThinkingConfig? thinking)
    {
        var limit = ModelCatalog.Get(model).MaxOutputTokens;
        thinking = ForModel(model, thinking);
        return thinking?.BudgetTokens is { } budget && budget >= maxTokens
            ? Math.Min(limit, budget + 4_096)
            : Math.Min(limit, maxTokens);
    }

    [GeneratedRegex(@"\bultrathink\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UltrathinkWord();
}
