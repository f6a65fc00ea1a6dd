namespace Keel.Providers.OpenAI;

/// <summary>How to reach one OpenAI-compatible server.</summary>
public sealed record OpenAIOptions(string Name, string BaseUrl)
{
    public OpenAIApi Api { get; init; } = OpenAIApi.ChatCompletions;

    /// <summary>Sent as <c>Authorization: Bearer</c> (Azure: <c>api-key</c>); local servers need none.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The environment variable the key came from, for error advice.</summary>
    public string? ApiKeyEnv { get; init; }

    /// <summary>Extra headers on every request (OpenRouter's HTTP-Referer / X-Title, gateway auth).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Azure OpenAI: the model is a deployment in the URL and <c>api-version</c> a query parameter.</summary>
    public string? AzureApiVersion { get; init; }

    /// <summary>OpenAI's own API wants <c>max_completion_tokens</c>; most compatible servers only know <c>max_tokens</c>.</summary>
    public bool UseMaxCompletionTokens { get; init; }

    public string UserAgent { get; init; } = "keel";

    /// <summary>Whether the model may call several tools at once; false sends <c>parallel_tool_calls: false</c>.</summary>
    public Func<string, bool> ParallelToolCalls { get; init; } = static _ => true;

    public bool IsAzure => AzureApiVersion is not null;

    public Uri EndpointFor(string model)
    {
        var root = BaseUrl.TrimEnd('/');
        var path = Api == OpenAIApi.Responses ? "responses" : "chat/completions";
        if (IsAzure)
        {
            return AzureApiVersion is "v1" or "preview"
                ? new Uri($"{root}/openai/v1/{path}", UriKind.Absolute)
                : Api == OpenAIApi.Responses
                    ? new Uri($"{root}/openai/responses?api-version={Uri.EscapeDataString(AzureApiVersion!)}", UriKind.Absolute)
                    : new Uri($"{root}/openai/deployments/{Uri.EscapeDataString(model)}/{path}?api-version={Uri.EscapeDataString(AzureApiVersion!)}", UriKind.Absolute);
        }

        return new Uri($"{root}/{path}", UriKind.Absolute);
    }
}
