using Keel.Core.Model;

namespace Keel.Providers.OpenAI;

/// <summary>
/// OpenAI-style errors (<c>{"error": {"message", "type", "code"}}</c>, or a bare message from local
/// servers) classified for the retry cascade.
/// </summary>
public static class OpenAIErrors
{
    private static readonly string[] ContextPhrases =
    [
        "context length", "context_length_exceeded", "maximum context", "context window", "exceeds the available context",
        "exceed_context_size", "too many tokens", "prompt is too long", "reduce the length", "input is too long",
    ];

    // How servers say a model lacks a feature (OpenAI, OpenRouter, Ollama, vLLM, llama.cpp server, LM Studio).
    private static readonly string[] ToolPhrases =
    [
        "does not support tool", "tools is not supported", "tools are not supported", "tool use is not supported",
        "tool calling is not supported", "tool calls are not supported", "function calling is not supported",
        "does not support function", "support tool use", "tools param requires", "tool choice requires",
    ];

    private static readonly string[] ThinkingPhrases =
    [
        "does not support thinking", "thinking is not supported", "does not support reasoning", "reasoning is not supported",
        "'reasoning_effort' is not supported", "'reasoning.effort' is not supported", "reasoning_effort is not supported",
        "unsupported parameter: 'reasoning",
    ];

    private static readonly string[] ImagePhrases =
    [
        "image input is not supported", "does not support image", "images are not supported", "image_url is only supported",
        "does not support vision", "vision is not supported", "not a multimodal model", "support image input",
    ];

    // How servers refuse a request parameter they do not know or take (OpenAI, Azure, vLLM/pydantic, llama.cpp, LiteLLM).
    private static readonly string[] ParameterPhrases =
    [
        "unrecognized", "unsupported", "not supported", "unknown", "extra inputs are not permitted", "extra_forbidden",
        "not permitted", "invalid parameter", "unexpected", "does not support",
    ];

    public static ModelError Classify(ModelError error, OpenAIOptions options)
    {
        var text = (error.ErrorType ?? string.Empty) + " " + error.Message;
        var feature = error.Status is >= 400 and not (401 or 403 or 429) ? UnsupportedFeature(text) : null;
        var category = error.Status switch
        {
            _ when ContextPhrases.Any(p => text.Contains(p, StringComparison.OrdinalIgnoreCase)) => ModelErrorCategory.ContextTooLong,
            _ when feature is not null => ModelErrorCategory.UnsupportedFeature,
            429 when text.Contains("insufficient_quota", StringComparison.OrdinalIgnoreCase) || text.Contains("exceeded your current quota", StringComparison.OrdinalIgnoreCase) || text.Contains("credits", StringComparison.OrdinalIgnoreCase) => ModelErrorCategory.Quota,
            402 => ModelErrorCategory.Quota,
            401 or 403 => ModelErrorCategory.Authentication,
            404 when text.Contains("model", StringComparison.OrdinalIgnoreCase) => ModelErrorCategory.ModelNotFound,
            400 when text.Contains("model_not_found", StringComparison.OrdinalIgnoreCase) || text.Contains("does not exist", StringComparison.OrdinalIgnoreCase) || text.Contains("not a valid model", StringComparison.OrdinalIgnoreCase) => ModelErrorCategory.ModelNotFound,
            503 when text.Contains("overloaded", StringComparison.OrdinalIgnoreCase) => ModelErrorCategory.Overloaded,
            _ => error.Kind == ModelErrorKind.StreamError && error.Status is null ? ClassifyStreamError(text) : error.Category,
        };
        var advice = category == ModelErrorCategory.Authentication
            ? options.ApiKeyEnv is { } env ? $"Check {env} (provider {options.Name})." : $"Check the API key of provider {options.Name} (apiKeyEnv in its settings)."
            : error.Advice;
        return error with { Category = category, Advice = advice, UnsupportedFeature = category == ModelErrorCategory.UnsupportedFeature ? feature : null };
    }

    /// <summary>The feature an error body says the model lacks, or null when it says nothing of the kind.</summary>
    public static ModelFeature? UnsupportedFeature(string text)
    {
        bool Says(string[] phrases) => phrases.Any(p => text.Contains(p, StringComparison.OrdinalIgnoreCase));
        // Keel sends parallel_tool_calls only as false (for a model without parallel calls), so a refusal that names it
        // is about the parameter: it is left out from then on.
        if (text.Contains("parallel_tool_calls", StringComparison.OrdinalIgnoreCase) && ParameterPhrases.Any(p => text.Contains(p, StringComparison.OrdinalIgnoreCase)))
        {
            return ModelFeature.ParallelToolCallsParameter;
        }

        if (text.Contains("parallel tool call", StringComparison.OrdinalIgnoreCase) && (text.Contains("not supported", StringComparison.OrdinalIgnoreCase) || text.Contains("does not support", StringComparison.OrdinalIgnoreCase)))
        {
            return ModelFeature.ParallelTools;
        }

        return Says(ToolPhrases) ? ModelFeature.Tools
            : Says(ThinkingPhrases) ? ModelFeature.Thinking
            : Says(ImagePhrases) ? ModelFeature.Images
            : null;
    }

    private static ModelErrorCategory ClassifyStreamError(string text) =>
        text.Contains("rate", StringComparison.OrdinalIgnoreCase) ? ModelErrorCategory.RateLimited
        : text.Contains("overload", StringComparison.OrdinalIgnoreCase) ? ModelErrorCategory.Overloaded
        : ModelErrorCategory.Transient;
}
