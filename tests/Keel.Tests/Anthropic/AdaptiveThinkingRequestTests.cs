using System.Text;
using Keel.Anthropic.Requests;
using Keel.Core.Agent;
using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Tests.Anthropic;

public sealed class AdaptiveThinkingRequestTests
{
    private static string Bytes(string model, ThinkingConfig? thinking) => Encoding.UTF8.GetString(AnthropicRequestWriter.Write(
        new ModelRequest(model, [], [Message.UserText("hi")], [], 8192, ThinkingBudgets.ForModel(model, thinking))));

    [Fact]
    public void An_effort_on_an_adaptive_model_is_sent_as_adaptive_thinking_with_output_config()
    {
        var body = Bytes("claude-sonnet-5-5", ThinkingConfig.Adaptive("medium"));

        body.ShouldContain("""
            "max_tokens":8192,"thinking":{"type":"adaptive"},"output_config":{"effort":"medium"},"stream":true
            """.Trim());
        body.ShouldNotContain("budget_tokens");
    }

    [Fact]
    public void An_effort_on_an_older_model_becomes_the_matching_fixed_budget()
    {
        var body = Bytes("claude-sonnet-4-5", ThinkingConfig.Adaptive("medium"));

        body.ShouldContain("""
            "thinking":{"type":"enabled","budget_tokens":16384}
            """.Trim());
        body.ShouldNotContain("output_config");
    }

    [Fact]
    public void A_fixed_budget_stays_fixed_on_every_model()
    {
        Bytes("claude-sonnet-5-5", new ThinkingConfig(2048)).ShouldContain("""
            "thinking":{"type":"enabled","budget_tokens":2048}
            """.Trim());
    }

    [Fact]
    public void No_thinking_writes_neither_field() =>
        Bytes("claude-sonnet-5-5", null).ShouldNotContain("thinking");

    [Theory]
    [InlineData("claude-sonnet-5-5", null, "high")]
    [InlineData("claude-sonnet-5-5", "low", "high")]
    [InlineData("claude-sonnet-5-5", "max", "max")]
    public void Ultrathink_raises_the_effort_but_never_lowers_it(string model, string? effort, string expected)
    {
        var raised = ThinkingBudgets.RaiseForKeyword(model, effort is null ? null : ThinkingConfig.Adaptive(effort));

        raised!.Effort.ShouldBe(expected);
        raised.BudgetTokens.ShouldBeNull();
    }

    [Fact]
    public void Ultrathink_on_an_older_model_uses_the_high_budget() =>
        ThinkingBudgets.RaiseForKeyword("claude-haiku-4-5", ThinkingConfig.Adaptive("low"))!.BudgetTokens.ShouldBe(ThinkingBudgets.High);

    [Fact]
    public void Unknown_models_are_assumed_to_need_fixed_budgets() =>
        ThinkingBudgets.ForModel("some-proxy-model", ThinkingConfig.Adaptive("high"))!.BudgetTokens.ShouldBe(16_000, "half the 32,000 output tokens assumed for unknown models");
}
