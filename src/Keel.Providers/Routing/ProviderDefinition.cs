namespace Keel.Providers.Routing;

/// <summary>
/// One named provider: from settings (<c>providers: {name: {...}}</c>) or a built-in preset
/// (openai, openrouter, ollama, lmstudio, llamacpp, vllm, bedrock, vertex, anthropic).
/// </summary>
public sealed record ProviderDefinition(string Name, ProviderType Type)
{
    public string? BaseUrl { get; init; }

    /// <summary>The environment variable holding the API key (never the key itself).</summary>
    public string? ApiKeyEnv { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Aliases to the provider's model ids (<c>{"fast": "qwen2.5-coder:7b"}</c>); the first is the default model.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Models { get; init; } = [];

    public int? ContextWindow { get; init; }

    public int? MaxOutputTokens { get; init; }

    public ModelPrices? Prices { get; init; }

    /// <summary>Azure OpenAI <c>api-version</c> (e.g. <c>2024-10-21</c>, or <c>v1</c> for the v1 API).</summary>
    public string? ApiVersion { get; init; }

    /// <summary>A local server: looked for only when the user asks for this provider, and needs no key.</summary>
    public bool IsLocal { get; init; }

    /// <summary>Feature switches for every model of this provider (<c>capabilities: {tools, parallelTools, thinking, images, caching}</c>).</summary>
    public CapabilityOverrides Capabilities { get; init; } = CapabilityOverrides.None;

    public bool SpeaksAnthropic => Type is ProviderType.Anthropic or ProviderType.Bedrock or ProviderType.Vertex;

    /// <summary>The provider's id for <paramref name="aliasOrId"/>: an alias from <see cref="Models"/>, else the name unchanged.</summary>
    public string ResolveModel(string aliasOrId)
    {
        foreach (var (alias, id) in Models)
        {
            if (string.Equals(alias, aliasOrId, StringComparison.OrdinalIgnoreCase))
            {
                return id;
            }
        }

        return aliasOrId;
    }

    public string? DefaultModel => Models.Count > 0 ? Models[0].Value : null;
}
