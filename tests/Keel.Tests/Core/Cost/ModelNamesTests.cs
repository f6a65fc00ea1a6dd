using Keel.Core.Cost;

namespace Keel.Tests.Core.Cost;

public sealed class ModelNamesTests
{
    [Theory]
    [InlineData("sonnet")]
    [InlineData("Opus")]
    [InlineData("claude-sonnet-4-5")]
    [InlineData("claude-sonnet-4-5-20250929")]
    [InlineData("claude-sonnet-4-5[1m]")]
    [InlineData("openrouter/some-model")]
    [InlineData("bedrock/claude-sonnet-5-5")]
    public void Aliases_listed_models_their_dated_variants_and_provider_routes_are_known(string name)
    {
        ModelNames.IsKnown(name).ShouldBeTrue();
    }

    [Theory]
    [InlineData("sonet")]
    [InlineData("gpt4")]
    [InlineData("claude-sonnet-4-55")]
    [InlineData("claude-sonnet")]
    [InlineData("")]
    public void Other_names_are_not(string name)
    {
        ModelNames.IsKnown(name).ShouldBeFalse();
    }

    [Theory]
    [InlineData("sonet", "sonnet")]
    [InlineData("opsu", "opus")]
    [InlineData("haku", "haiku")]
    [InlineData("claude-sonet-4-5", "claude-sonnet-4-5")]
    public void A_typo_gets_the_name_it_was_meant_to_be(string typed, string meant)
    {
        ModelNames.Suggest(typed).ShouldBe(meant);
    }

    [Fact]
    public void A_name_far_from_every_model_gets_no_suggestion()
    {
        ModelNames.Suggest("llama-3-70b-instruct").ShouldBeNull();
    }

    [Fact]
    public void The_model_command_refusal_names_the_nearest_model_and_the_way_to_an_unlisted_one()
    {
        var text = Keel.Terminal.Commands.InteractiveCommands.UnknownModel("sonet");

        text.ShouldStartWith("Unknown model 'sonet'. Did you mean 'sonnet'?");
        text.ShouldContain("keel --model <id>");
    }
}
