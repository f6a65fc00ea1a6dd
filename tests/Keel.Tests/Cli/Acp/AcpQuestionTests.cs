using Keel.Cli.Acp;
using Keel.Core.Interaction;

namespace Keel.Tests.Cli.Acp;

/// <summary>AskUserQuestion as <c>session/request_permission</c> rounds, multi-select included.</summary>
public sealed class AcpQuestionTests
{
    private static readonly UserQuestion Toppings = new(
        "Which toppings?",
        "Pizza",
        [new QuestionOption("Cheese", "classic"), new QuestionOption("Olives", string.Empty), new QuestionOption("Basil", "fresh")],
        MultiSelect: true);

    [Fact]
    public void A_multi_select_question_offers_every_choice_and_skip_until_something_is_picked()
    {
        var request = AcpSession.QuestionRequest("s1", "toolu_1", Toppings, []);

        request.SessionId.ShouldBe("s1");
        request.ToolCall.ToolCallId.ShouldBe("toolu_1");
        request.ToolCall.Title.ShouldBe("Pizza: Which toppings?");
        request.Options.Select(static o => (o.OptionId, o.Name, o.Kind)).ShouldBe(
            [("choice-0", "Cheese", "allow_once"), ("choice-1", "Olives", "allow_once"), ("choice-2", "Basil", "allow_once"), ("skip", "Skip this question", "reject_once")]);
        ((AcpTextContent)((AcpContentItem)request.ToolCall.Content!.Single()).Content).Text.ShouldContain("Several may be chosen");
    }

    [Fact]
    public void After_a_pick_it_offers_the_rest_and_done_and_says_what_is_chosen()
    {
        var request = AcpSession.QuestionRequest("s1", "toolu_1", Toppings, [2]);

        request.Options.Select(static o => o.OptionId).ShouldBe(["choice-0", "choice-1", "done"]);
        request.Options[^1].Kind.ShouldBe("allow_always");
        ((AcpTextContent)((AcpContentItem)request.ToolCall.Content!.Single()).Content).Text.ShouldContain("Chosen so far: Basil.");
    }

    [Fact]
    public void A_single_select_question_is_one_round_with_skip()
    {
        var request = AcpSession.QuestionRequest("s1", "toolu_1", Toppings with { MultiSelect = false }, []);

        request.Options.Select(static o => o.OptionId).ShouldBe(["choice-0", "choice-1", "choice-2", "skip"]);
        ((AcpTextContent)((AcpContentItem)request.ToolCall.Content!.Single()).Content).Text.ShouldNotContain("Several");
    }
}
