using Keel.Core.Model;
using Keel.Providers.OpenAI;

namespace Keel.Tests.Providers;

public sealed class OpenAIErrorsTests
{
    private static readonly OpenAIOptions Options = new("local", "http://127.0.0.1:1/v1");

    private static ModelError Classify(int status, string message, string? type = "invalid_request_error") =>
        OpenAIErrors.Classify(new ModelError(ModelErrorKind.Http, message, status, type), Options);

    // Wordings servers send when a model lacks a feature.
    public static TheoryData<int, string, ModelFeature> Refusals => new()
    {
        { 400, "registry.ollama.ai/library/gemma2:latest does not support tools", ModelFeature.Tools },
        { 400, "tools is not supported for this model", ModelFeature.Tools },
        { 400, "Tool use is not supported by this model", ModelFeature.Tools },
        { 404, "No endpoints found that support tool use. To learn more about provider routing, visit: https://openrouter.ai/docs/provider-routing", ModelFeature.Tools },
        { 400, "\"auto\" tool choice requires --enable-auto-tool-choice and --tool-call-parser to be set", ModelFeature.Tools },
        { 500, "tools param requires --jinja flag", ModelFeature.Tools },
        { 400, "\"qwen2.5-coder:7b\" does not support thinking", ModelFeature.Thinking },
        { 400, "Unsupported parameter: 'reasoning_effort' is not supported with this model.", ModelFeature.Thinking },
        { 400, "Unsupported parameter: 'reasoning.effort' is not supported with this model.", ModelFeature.Thinking },
        { 400, "image input is not supported - hint: if this is unexpected, you may need to provide the mmproj", ModelFeature.Images },
        { 400, "Invalid content type. image_url is only supported by certain models.", ModelFeature.Images },
        { 400, "model does not support images", ModelFeature.Images },
        { 400, "llama3 is not a multimodal model", ModelFeature.Images },
        { 400, "Unsupported parameter: 'parallel_tool_calls' is not supported with this model.", ModelFeature.ParallelToolCallsParameter },
        { 400, "Unrecognized request argument supplied: parallel_tool_calls", ModelFeature.ParallelToolCallsParameter },
        { 400, "Validation error at body: Value error, parallel_tool_calls=False is not supported on this backend.", ModelFeature.ParallelToolCallsParameter },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void A_refused_feature_is_named(int status, string message, ModelFeature feature)
    {
        var error = Classify(status, message);

        error.Category.ShouldBe(ModelErrorCategory.UnsupportedFeature);
        error.UnsupportedFeature.ShouldBe(feature);
    }

    [Theory]
    [InlineData(400, "Invalid value for 'temperature': must be between 0 and 2.", ModelErrorCategory.InvalidRequest)]
    [InlineData(400, "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens", ModelErrorCategory.ContextTooLong)]
    [InlineData(401, "Incorrect API key provided; tools access denied", ModelErrorCategory.Authentication)]
    [InlineData(429, "Rate limit reached for tool use", ModelErrorCategory.RateLimited)]
    public void Other_errors_name_no_feature(int status, string message, ModelErrorCategory category)
    {
        var error = Classify(status, message);

        error.Category.ShouldBe(category);
        error.UnsupportedFeature.ShouldBeNull();
    }
}
