using Keel.Core.Agent;
using Keel.Core.Agent.Budget;
using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Tests.Core.Agent;

public sealed class SpendingLimitTests
{
    // Sonnet 4.5: $3 input, $3.75 cache write, $15 output per million tokens.
    private const string Model = "claude-sonnet-4-5";

    private static ModelRequest Request(int maxTokens, string prompt = "hi", ThinkingConfig? thinking = null) =>
        new(Model, [], [Message.UserText(prompt)], [], maxTokens, thinking);

    [Fact]
    public void A_request_whose_worst_case_fits_is_sent_unchanged()
    {
        var request = Request(10_000);

        var check = SpendingLimit.Check(request, budgetUsd: 1m, spentUsd: 0m);

        check.Request.ShouldBeSameAs(request);
        check.Capped.ShouldBeFalse();
        check.WorstCaseUsd.ShouldBeGreaterThanOrEqualTo(0.15m); // 10,000 output tokens alone
        check.WorstCaseUsd.ShouldBeLessThan(0.16m);
    }

    [Fact]
    public void Max_tokens_is_lowered_to_what_the_rest_of_the_budget_pays_for()
    {
        var check = SpendingLimit.Check(Request(64_000), budgetUsd: 0.50m, spentUsd: 0.35m);

        check.Capped.ShouldBeTrue();
        check.Request!.MaxTokens.ShouldBeInRange(9_900, 10_000);
        check.WorstCaseUsd.ShouldBeLessThanOrEqualTo(0.15m);
    }

    [Fact]
    public void No_request_is_sent_when_not_even_a_short_answer_fits()
    {
        var check = SpendingLimit.Check(Request(64_000), budgetUsd: 0.03m, spentUsd: 0.02m);

        check.Request.ShouldBeNull();
        check.RemainingUsd.ShouldBe(0.01m);
        check.WorstCaseUsd.ShouldBeGreaterThan(0.01m);
    }

    [Fact]
    public void A_spent_budget_sends_nothing()
    {
        SpendingLimit.Check(Request(64_000), budgetUsd: 0.03m, spentUsd: 0.0329m).Request.ShouldBeNull();
    }

    [Fact]
    public void A_long_conversation_is_priced_at_the_cache_write_rate_with_a_margin()
    {
        // 400,000 bytes is about 100,000 tokens by the estimator; priced as 133,000 at $3.75 ≈ $0.50.
        var request = Request(1_000, new string('x', 400_000));

        SpendingLimit.Check(request, budgetUsd: 0.45m, spentUsd: 0m).Request.ShouldBeNull();
        SpendingLimit.Check(request, budgetUsd: 0.60m, spentUsd: 0m).Request.ShouldNotBeNull();
    }

    [Fact]
    public void A_fixed_thinking_budget_shrinks_below_the_lowered_max_tokens()
    {
        var check = SpendingLimit.Check(Request(64_000, thinking: new ThinkingConfig(32_000)), budgetUsd: 0.10m, spentUsd: 0m);

        var sent = check.Request!;
        sent.Thinking!.BudgetTokens!.Value.ShouldBeLessThan(sent.MaxTokens);
        sent.Thinking.BudgetTokens.Value.ShouldBeGreaterThanOrEqualTo(ThinkingBudgets.MinimumBudget);
    }

    [Fact]
    public void Thinking_is_dropped_when_the_budget_leaves_no_room_for_it_beside_the_answer()
    {
        // About 1,300 affordable tokens: half of that is under the API's 1,024-token thinking minimum.
        var check = SpendingLimit.Check(Request(64_000, thinking: new ThinkingConfig(16_000)), budgetUsd: 0.02m, spentUsd: 0m);

        check.Request!.Thinking.ShouldBeNull();
        check.Request.MaxTokens.ShouldBeGreaterThanOrEqualTo(SpendingLimit.MinimumOutputTokens);
    }

    [Fact]
    public void Adaptive_thinking_keeps_its_effort_when_max_tokens_is_lowered()
    {
        var adaptive = new ThinkingConfig(null) { Effort = "high" };

        var check = SpendingLimit.Check(Request(64_000, thinking: adaptive), budgetUsd: 0.10m, spentUsd: 0m);

        check.Capped.ShouldBeTrue();
        check.Request!.Thinking.ShouldBe(adaptive);
    }
}
