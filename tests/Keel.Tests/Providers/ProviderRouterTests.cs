using System.Runtime.CompilerServices;
using Keel.Core.Cost;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Providers.Routing;

namespace Keel.Tests.Providers;

public sealed class ProviderRouterTests
{
    private sealed class Recorder : IModelClient
    {
        public List<ModelRequest> Requests { get; } = [];

        public async IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Requests.Add(request);
            await Task.Yield();
            yield return new MessageStartEvent("m", "served-name", Usage.Zero);
            yield return new MessageStopEvent();
        }
    }

    private static async Task<List<ModelStreamEvent>> Drain(ProviderRouter client, ModelRequest request)
    {
        var events = new List<ModelStreamEvent>();
        await foreach (var e in client.StreamAsync(request, CancellationToken.None))
        {
            events.Add(e);
        }

        return events;
    }

    private static ModelRequest Request(string model) => new(
        model,
        [],
        [new Message(Role.User, [new TextBlock("look"), new ImageBlock("image/png", "AAAA")])],
        [new ToolDefinition("Read", "r", System.Text.Json.JsonDocument.Parse("{}").RootElement.Clone())],
        64_000,
        new ThinkingConfig(8_000));

    [Fact]
    public async Task Qualified_ids_go_to_their_provider_with_aliases_resolved_and_come_back_qualified()
    {
        var anthropic = new Recorder();
        var local = new Recorder();
        var router = new ProviderRouter("anthropic",
        [
            (new ProviderDefinition("anthropic", ProviderType.Anthropic), () => anthropic),
            (new ProviderDefinition("rtr-local", ProviderType.OpenAIChat) { Models = [new("fast", "tiny-7b")] }, () => local),
        ]);

        var events = await Drain(router, Request("rtr-local/fast"));
        await Drain(router, Request("claude-sonnet-5-5"));

        local.Requests.Single().Model.ShouldBe("tiny-7b");
        events.OfType<MessageStartEvent>().Single().Model.ShouldBe("rtr-local/tiny-7b");
        anthropic.Requests.Single().Model.ShouldBe("claude-sonnet-5-5");
    }

    [Fact]
    public async Task A_feature_a_server_refused_is_turned_off_once_for_that_model_only()
    {
        ModelCatalog.Register(new ModelInfo("rtr-refuse/picky-1", "picky", 32_000, 4_096, 0, 0, 0, 0) { Provider = "rtr-refuse" });
        var picky = new Recorder();
        var router = new ProviderRouter("rtr-refuse", [(new ProviderDefinition("rtr-refuse", ProviderType.OpenAIChat), () => picky)]);

        router.TurnOff("picky-1", ModelFeature.Tools).ShouldBe("rtr-refuse/picky-1");
        router.TurnOff("rtr-refuse/picky-1", ModelFeature.Tools).ShouldBeNull("a second refusal of the same feature is an error, not another retry");
        await Drain(router, Request("picky-1"));
        await Drain(router, Request("other-2"));

        picky.Requests[0].Tools.ShouldBeEmpty();
        picky.Requests[0].Thinking.ShouldNotBeNull();
        ModelCatalog.Get("rtr-refuse/picky-1").SupportsTools.ShouldBeFalse();
        picky.Requests[1].Tools.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Features_the_table_says_a_model_lacks_are_left_out_of_the_request()
    {
        ModelCatalog.Register(new ModelInfo("rtr-plain/basic-1", "basic", 8_192, 2_048, 0, 0, 0, 0)
        {
            Provider = "rtr-plain",
            SupportsThinking = false,
            SupportsImages = false,
            SupportsTools = false,
        });
        var plain = new Recorder();
        var router = new ProviderRouter("rtr-plain", [(new ProviderDefinition("rtr-plain", ProviderType.OpenAIChat), () => plain)]);

        await Drain(router, Request("basic-1"));

        var sent = plain.Requests.Single();
        sent.Thinking.ShouldBeNull();
        sent.Tools.ShouldBeEmpty();
        sent.MaxTokens.ShouldBe(2_048);
        sent.Messages[0].Content[1].ShouldBeOfType<TextBlock>().Text.ShouldContain("image");
    }

    [Fact]
    public async Task With_a_non_anthropic_default_a_claude_id_from_a_subagent_goes_to_the_main_model()
    {
        var local = new Recorder();
        var router = new ProviderRouter("rtr-ollama", [(new ProviderDefinition("rtr-ollama", ProviderType.OpenAIChat), () => local)]) { DefaultModel = "rtr-ollama/qwen3:8b" };

        await Drain(router, Request("claude-haiku-5-5"));

        local.Requests.Single().Model.ShouldBe("qwen3:8b");
    }
    [Fact]
    public void A_model_turned_off_at_run_time_is_not_listed_as_a_configured_model()
    {
        var router = new ProviderRouter("rtr-unlisted", [(new ProviderDefinition("rtr-unlisted", ProviderType.OpenAIChat), () => new Recorder())]);

        router.TurnOff("only-used-1", ModelFeature.Tools).ShouldBe("rtr-unlisted/only-used-1");

        ModelCatalog.Get("rtr-unlisted/only-used-1").SupportsTools.ShouldBeFalse();
        ModelCatalog.All.ShouldNotContain(m => m.Id == "rtr-unlisted/only-used-1", "/model lists configured models, and nobody configured this one");
    }

    [Fact]
    public void A_listed_model_turned_off_keeps_its_row_with_the_feature_off()
    {
        ModelCatalog.Register(new ModelInfo("rtr-listed/coder-1", "coder", 32_000, 4_096, 0, 0, 0, 0) { Provider = "rtr-listed" });
        var router = new ProviderRouter("rtr-listed", [(new ProviderDefinition("rtr-listed", ProviderType.OpenAIChat), () => new Recorder())]);

        router.TurnOff("coder-1", ModelFeature.Thinking).ShouldNotBeNull();

        var row = ModelCatalog.All.Single(m => m.Id == "rtr-listed/coder-1");
        row.SupportsThinking.ShouldBeFalse();
        row.IsConfigured.ShouldBeTrue();
    }

    [Fact]
    public async Task A_refused_effort_becomes_a_fixed_budget_and_a_refused_budget_becomes_an_effort()
    {
        var bedrock = new Recorder();
        var router = new ProviderRouter("rtr-bedrock", [(new ProviderDefinition("rtr-bedrock", ProviderType.Bedrock), () => bedrock)]);

        router.TurnOff("claude-sonnet-5-5", ModelFeature.AdaptiveThinking).ShouldBe("rtr-bedrock/claude-sonnet-5-5");
        await Drain(router, Request("claude-sonnet-5-5") with { Thinking = ThinkingConfig.Adaptive("high") });
        router.TurnOff("claude-opus-5", ModelFeature.ThinkingBudget).ShouldBe("rtr-bedrock/claude-opus-5");
        await Drain(router, Request("claude-opus-5") with { Thinking = new ThinkingConfig(20_000) });

        bedrock.Requests[0].Thinking.ShouldBe(new ThinkingConfig(32_768));
        bedrock.Requests[1].Thinking.ShouldBe(ThinkingConfig.Adaptive("medium"));
        ModelCatalog.Get("claude-sonnet-5-5").SupportsAdaptiveThinking.ShouldBeTrue("only the Bedrock row changed");
    }
}
