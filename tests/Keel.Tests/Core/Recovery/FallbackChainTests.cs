using Keel.Core.Agent;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Recovery;
using Keel.Tests.Core.Fakes;

namespace Keel.Tests.Core.Recovery;

public sealed class FallbackChainTests
{
    private static readonly ModelError Overloaded = new(ModelErrorKind.Http, "Overloaded", 529, "overloaded_error");

    private static async Task<(List<AgentEvent> Events, ModelCallResult Result)> CallAsync(ModelCaller caller, string model)
    {
        var result = new ModelCallResult();
        var events = new List<AgentEvent>();
        await foreach (var e in caller.StreamAsync(new ModelRequest(model, [], [Message.UserText("hi")], [], 1000), 1, result, CancellationToken.None))
        {
            events.Add(e);
        }

        return (events, result);
    }

    [Fact]
    public async Task Overload_moves_down_the_chain_one_model_at_a_time_and_reports_each_switch()
    {
        var model = new ScriptedModelClient().Fail(Overloaded).Fail(Overloaded).Fail(Overloaded).Fail(Overloaded).Fail(Overloaded).Fail(Overloaded).Text("from the third");
        var caller = new ModelCaller(model, new RetryPolicy { Jitter = static () => 0 }, new InstantTimeProvider())
        {
            FallbackModels = ["claude-sonnet-4-5", "openrouter/deepseek-chat"],
        };

        var (events, result) = await CallAsync(caller, "claude-opus-5-5");

        result.Message!.Message.Text.ShouldBe("from the third");
        var switches = events.OfType<ModelFallbackActivated>().Select(f => (f.From, f.To)).ToList();
        switches.ShouldBe([("claude-opus-5-5", "claude-sonnet-4-5"), ("claude-sonnet-4-5", "openrouter/deepseek-chat")]);
        model.Requests.Select(r => r.Model).ShouldBe(["claude-opus-5-5", "claude-opus-5-5", "claude-opus-5-5", "claude-sonnet-4-5", "claude-sonnet-4-5", "claude-sonnet-4-5", "openrouter/deepseek-chat"]);
        result.FallbackModel.ShouldBe("openrouter/deepseek-chat");
    }

    [Fact]
    public async Task A_model_the_provider_does_not_know_switches_at_once()
    {
        var notFound = new ModelError(ModelErrorKind.Http, "model: claude-gone", 404, "not_found_error");
        var model = new ScriptedModelClient().Fail(notFound).Text("fallback answer");
        var caller = new ModelCaller(model, new RetryPolicy(), new InstantTimeProvider()) { FallbackModels = ["claude-haiku-5-5"] };

        var (events, result) = await CallAsync(caller, "claude-gone");

        result.Message!.Message.Text.ShouldBe("fallback answer");
        events.OfType<ModelFallbackActivated>().Single().Error.Category.ShouldBe(ModelErrorCategory.ModelNotFound);
        model.Requests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task When_the_chain_is_used_up_the_error_is_final()
    {
        var notFound = new ModelError(ModelErrorKind.Http, "nope", 404) { Category = ModelErrorCategory.ModelNotFound };
        var model = new ScriptedModelClient().Fail(notFound).Fail(notFound).Text("unreached");
        var caller = new ModelCaller(model, new RetryPolicy(), new InstantTimeProvider()) { FallbackModels = ["b"] };

        var (_, result) = await CallAsync(caller, "a");

        result.Error!.Category.ShouldBe(ModelErrorCategory.ModelNotFound);
        model.Requests.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData(ModelErrorKind.Http, 529, null, "Overloaded", ModelErrorCategory.Overloaded)]
    [InlineData(ModelErrorKind.Http, 429, "rate_limit_error", "slow down", ModelErrorCategory.RateLimited)]
    [InlineData(ModelErrorKind.Http, 400, "invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum", ModelErrorCategory.ContextTooLong)]
    [InlineData(ModelErrorKind.Http, 401, "authentication_error", "invalid x-api-key", ModelErrorCategory.Authentication)]
    [InlineData(ModelErrorKind.Http, 503, null, "unavailable", ModelErrorCategory.Transient)]
    [InlineData(ModelErrorKind.Http, 400, "invalid_request_error", "bad", ModelErrorCategory.InvalidRequest)]
    [InlineData(ModelErrorKind.Connection, null, null, "reset", ModelErrorCategory.Transient)]
    [InlineData(ModelErrorKind.StreamError, null, "overloaded_error", "Overloaded", ModelErrorCategory.Overloaded)]
    public void Unclassified_errors_get_a_category_from_status_and_type(ModelErrorKind kind, int? status, string? type, string message, ModelErrorCategory expected)
    {
        new ModelError(kind, message, status, type).Category.ShouldBe(expected);
    }

    [Fact]
    public void A_provider_classification_decides_retrying()
    {
        var quota = new ModelError(ModelErrorKind.Http, "You exceeded your current quota", 429, "insufficient_quota") { Category = ModelErrorCategory.Quota };

        RetryPolicy.IsRetryable(quota).ShouldBeFalse();
        RetryPolicy.IsRetryable(new ModelError(ModelErrorKind.Http, "throttled", 400) { Category = ModelErrorCategory.RateLimited }).ShouldBeTrue();
    }
}
