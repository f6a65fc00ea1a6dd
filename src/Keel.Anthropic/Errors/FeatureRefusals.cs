using Keel.Core.Model;

namespace Keel.Anthropic.Errors;

/// <summary>
/// How the Messages API, Bedrock and Vertex say a model does not take a feature of the request (a 400
/// <c>invalid_request_error</c>, <c>ValidationException</c> or <c>INVALID_ARGUMENT</c>). Such an error names the
/// feature, so the caller turns it off for the model and sends the request once more, instead of failing the turn.
/// </summary>
public static class FeatureRefusals
{
    // Each wording as the services send it; the field paths are the request's own (thinking, output_config.effort).
    private static readonly (string Phrase, ModelFeature Feature)[] Wordings =
    [
        // A model that takes only adaptive thinking, sent a fixed budget.
        ("\"thinking.type.enabled\" is not supported", ModelFeature.ThinkingBudget),
        ("thinking.type.enabled is not supported", ModelFeature.ThinkingBudget),
        ("use \"thinking.type.adaptive\"", ModelFeature.ThinkingBudget),

        // A model (or a Bedrock/Vertex API version) without adaptive thinking or the effort parameter.
        ("adaptive thinking is not supported", ModelFeature.AdaptiveThinking),
        ("thinking.type.adaptive\" is not supported", ModelFeature.AdaptiveThinking),
        ("output_config.effort: extra inputs are not permitted", ModelFeature.AdaptiveThinking),
        ("output_config: extra inputs are not permitted", ModelFeature.AdaptiveThinking),
        ("thinking.adaptive.effort: extra inputs are not permitted", ModelFeature.AdaptiveThinking),
        ("does not support the effort parameter", ModelFeature.AdaptiveThinking),
        ("effort is not supported", ModelFeature.AdaptiveThinking),

        // A model without extended thinking at all.
        ("does not support thinking", ModelFeature.Thinking),
        ("thinking is not supported", ModelFeature.Thinking),
        ("thinking: extra inputs are not permitted", ModelFeature.Thinking),
        ("extended thinking is not supported", ModelFeature.Thinking),

        // Tools (Bedrock models that cannot stream tool use; gateways in front of such models).
        ("doesn't support tool use", ModelFeature.Tools),
        ("does not support tool use", ModelFeature.Tools),
        ("does not support tools", ModelFeature.Tools),
        ("tool use is not supported", ModelFeature.Tools),
        ("tools: extra inputs are not permitted", ModelFeature.Tools),

        // Images.
        ("does not support image", ModelFeature.Images),
        ("doesn't support image", ModelFeature.Images),
        ("image input is not supported", ModelFeature.Images),
        ("images are not supported", ModelFeature.Images),
        ("does not support vision", ModelFeature.Images),
    ];

    /// <summary>The feature <paramref name="message"/> says the model does not take, or null.</summary>
    public static ModelFeature? Find(string message)
    {
        foreach (var (phrase, feature) in Wordings)
        {
            if (message.Contains(phrase, StringComparison.OrdinalIgnoreCase))
            {
                return feature;
            }
        }

        return null;
    }

    /// <summary>
    /// The error marked <see cref="ModelErrorCategory.UnsupportedFeature"/> when it is a request refusal (400, or a
    /// mid-stream <c>invalid_request_error</c>) that names a feature; otherwise unchanged.
    /// </summary>
    public static ModelError Classify(ModelError error)
    {
        var refusal = error.Status is 400 or 422
            || (error.Status is null && error.ErrorType is "invalid_request_error" or "ValidationException" or "validationException");
        if (!refusal || Find(error.Message) is not { } feature)
        {
            return error;
        }

        return error with { Category = ModelErrorCategory.UnsupportedFeature, UnsupportedFeature = feature };
    }
}
