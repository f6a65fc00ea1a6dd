namespace Keel.Core.Model;

/// <summary>
/// Extended thinking settings: a fixed <see cref="BudgetTokens"/>, or adaptive thinking at an
/// <see cref="Effort"/> level (the model decides how much to think); neither means thinking is off.
/// </summary>
public sealed record ThinkingConfig(int? BudgetTokens)
{
    /// <summary><c>low</c>, <c>medium</c>, <c>high</c> or <c>max</c>: adaptive thinking, sent as <c>output_config.effort</c>.</summary>
    public string? Effort { get; init; }

    /// <summary><c>summarized</c> or <c>omitted</c>: how the API returns thinking text (<c>thinking.display</c>); null leaves the model's default.</summary>
    public string? Display { get; init; }

    public bool IsAdaptive => BudgetTokens is null && Effort is not null;

    public static ThinkingConfig Adaptive(string effort) => new(BudgetTokens: null) { Effort = effort };
}
