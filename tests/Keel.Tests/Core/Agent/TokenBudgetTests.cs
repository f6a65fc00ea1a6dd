using Keel.Core.Agent;
using Keel.Core.Agent.Budget;
using Keel.Core.Messages;
using Keel.Tests.Core.Fakes;

namespace Keel.Tests.Core.Agent;

public sealed class TokenBudgetTests
{
    [Theory]
    [InlineData("+500k", 500_000L)]
    [InlineData("+2M refactor the parser", 2_000_000L)]
    [InlineData("refactor the parser +1.5m", 1_500_000L)]
    [InlineData("Port the tests; use 2M tokens if needed", 2_000_000L)]
    [InlineData("spend 300k tokens on this", 300_000L)]
    [InlineData("use 8000 tokens", 8_000L)]
    public void A_budget_stated_in_the_prompt_is_recognised(string prompt, long expected) =>
        TokenBudget.Parse(prompt).ShouldBe(expected);

    [Theory]
    [InlineData("fix the bug")]
    [InlineData("compute 3 +5 and explain")]
    [InlineData("the answer uses +500k in the middle of a sentence here")]
    [InlineData("how many tokens do you use?")]
    public void Prompts_without_a_budget_have_none(string prompt) =>
        TokenBudget.Parse(prompt).ShouldBeNull();

    [Fact]
    public async Task The_model_is_nudged_to_continue_until_the_budget_is_nearly_spent()
    {
        using var h = new LoopHarness([]);
        h.Model.TextWithOutput("part one", 4_000).TextWithOutput("part two", 4_000).TextWithOutput("part three", 2_000);

        var events = await h.RunAsync("Write the whole guide +10k");

        h.Model.Requests.Count.ShouldBe(3);
        var continued = events.OfType<TokenBudgetContinued>().ToList();
        continued.Select(c => c.UsedTokens).ShouldBe([4_000L, 8_000L]);
        var nudge = h.Model.Requests[1].Messages[^1];
        nudge.Role.ShouldBe(Role.User);
        nudge.Text.ShouldContain("4,000 of the 10,000");
        var finished = events.OfType<TurnFinished>().Single();
        finished.Reason.ShouldBe(TerminalReason.Completed);
        finished.ResultText.ShouldBe("part three");
    }

    [Fact]
    public async Task Three_small_continuations_in_a_row_stop_for_diminishing_returns()
    {
        using var h = new LoopHarness([]);
        h.Model.TextWithOutput("big start", 5_000)
            .TextWithOutput("a little", 100)
            .TextWithOutput("a little more", 200)
            .TextWithOutput("barely anything", 50)
            .Text("never requested");

        var events = await h.RunAsync("+1M finish the migration");

        h.Model.Requests.Count.ShouldBe(4);
        events.OfType<TokenBudgetContinued>().Count().ShouldBe(3);
        events.OfType<TurnFinished>().Single().ResultText.ShouldBe("barely anything");
    }

    [Fact]
    public async Task A_big_continuation_resets_the_diminishing_run()
    {
        using var h = new LoopHarness([]);
        h.Model.TextWithOutput("start", 1_000)
            .TextWithOutput("small", 10)
            .TextWithOutput("small", 10)
            .TextWithOutput("big again", 600)
            .TextWithOutput("small", 10)
            .TextWithOutput("small", 10)
            .TextWithOutput("done", 10);

        await h.RunAsync("+1M keep improving the docs");

        h.Model.Requests.Count.ShouldBe(7);
    }

    [Fact]
    public async Task Without_a_budget_the_turn_ends_when_the_model_stops()
    {
        using var h = new LoopHarness([]);
        h.Model.TextWithOutput("done", 10);

        var events = await h.RunAsync("just do it");

        h.Model.Requests.Count.ShouldBe(1);
        events.OfType<TokenBudgetContinued>().ShouldBeEmpty();
    }
}
