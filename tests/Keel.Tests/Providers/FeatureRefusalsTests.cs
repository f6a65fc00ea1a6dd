using Keel.Anthropic;
using Keel.Anthropic.Wire;
using Keel.Core.Model;
using Keel.Providers.Bedrock;

namespace Keel.Tests.Providers;

/// <summary>Refusals of a feature by the Messages API, Bedrock and Vertex, in the words those services use.</summary>
public sealed class FeatureRefusalsTests
{
    public static TheoryData<string, ModelFeature> Refusals => new()
    {
        { "\"thinking.type.enabled\" is not supported for this model. Use \"thinking.type.adaptive\" and \"output_config.effort\" to control thinking behavior.", ModelFeature.ThinkingBudget },
        { "adaptive thinking is not supported on this model", ModelFeature.AdaptiveThinking },
        { "output_config.effort: Extra inputs are not permitted", ModelFeature.AdaptiveThinking },
        { "output_config: Extra inputs are not permitted", ModelFeature.AdaptiveThinking },
        { "thinking.adaptive.effort: Extra inputs are not permitted", ModelFeature.AdaptiveThinking },
        { "'claude-3-5-haiku-20241022' does not support thinking.", ModelFeature.Thinking },
        { "The model returned the following errors: thinking: Extra inputs are not permitted", ModelFeature.Thinking },
        { "This model doesn't support tool use in streaming mode.", ModelFeature.Tools },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void The_messages_api_names_the_refused_feature(string message, ModelFeature feature)
    {
        var protocol = new AnthropicProtocol(new AnthropicOptions { ApiKey = "k" });

        var error = protocol.Classify(new ModelError(ModelErrorKind.Http, message, 400, "invalid_request_error"), null);

        error.Category.ShouldBe(ModelErrorCategory.UnsupportedFeature);
        error.UnsupportedFeature.ShouldBe(feature);
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_bedrock_validation_exception_names_the_refused_feature_over_http_and_in_the_stream(string message, ModelFeature feature)
    {
        var http = BedrockErrors.FromException("ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/", message, 400, ModelErrorKind.Http);
        var stream = BedrockErrors.FromException("validationException", message, null, ModelErrorKind.StreamError);

        http.Category.ShouldBe(ModelErrorCategory.UnsupportedFeature);
        http.UnsupportedFeature.ShouldBe(feature);
        stream.Category.ShouldBe(ModelErrorCategory.UnsupportedFeature);
        stream.UnsupportedFeature.ShouldBe(feature);
    }

    [Theory]
    [InlineData(400, "invalid_request_error", "messages.13.content.0.thinking.cache_control: Extra inputs are not permitted")]
    [InlineData(400, "invalid_request_error", "context_management: Extra inputs are not permitted")]
    [InlineData(400, "invalid_request_error", "messages.139.content.0: When thinking is disabled, an `assistant` message in the final position cannot contain `thinking`. To use thinking blocks, enable `thinking` in your request.")]
    [InlineData(400, "invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum")]
    [InlineData(529, "overloaded_error", "Overloaded")]
    [InlineData(401, "authentication_error", "invalid x-api-key; thinking is not supported without a key")]
    public void Other_errors_name_no_feature(int status, string type, string message)
    {
        var protocol = new AnthropicProtocol(new AnthropicOptions { ApiKey = "k" });

        var error = protocol.Classify(new ModelError(ModelErrorKind.Http, message, status, type), null);

        error.Category.ShouldNotBe(ModelErrorCategory.UnsupportedFeature);
        error.UnsupportedFeature.ShouldBeNull();
    }

    [Fact]
    public void Bedrock_errors_that_are_not_validation_errors_name_no_feature()
    {
        var throttled = BedrockErrors.FromException("ThrottlingException", "Too many requests; thinking is not supported at this rate", 429, ModelErrorKind.Http);

        throttled.Category.ShouldBe(ModelErrorCategory.RateLimited);
        throttled.UnsupportedFeature.ShouldBeNull();
    }
}
