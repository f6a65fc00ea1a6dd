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

    public static ModelError Classify(ModelError error, OpenAIOptions options)
    {
        var text = (error.ErrorType ?? string.Empty) + " " + error.Message;
        var category = error.Status switch
        {
            _ when ContextPhrases.Any(p => text.Contains(p, StringComparison.OrdinalIgnoreCase)) => ModelErrorCategory.ContextTooLong,
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
        return error with { Category = category, Advice = advice };
    }

    private static ModelErrorCategory ClassifyStreamError(string text) =>
        text.Contains("rate", StringComparison.OrdinalIgnoreCase) ? ModelErrorCategory.RateLimited
        : text.Contains("overload", StringComparison.OrdinalIgnoreCase) ? ModelErrorCategory.Overloaded
        : ModelErrorCategory.Transient;
}
