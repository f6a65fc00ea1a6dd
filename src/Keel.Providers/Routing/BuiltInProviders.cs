namespace Keel.Providers.Routing;

/// <summary>Presets usable by name without any settings: <c>--provider ollama</c>, <c>openrouter/deepseek/deepseek-chat</c>.</summary>
public static class BuiltInProviders
{
    public static IReadOnlyList<ProviderDefinition> All { get; } =
    [
        new("anthropic", ProviderType.Anthropic),
        new("bedrock", ProviderType.Bedrock),
        new("vertex", ProviderType.Vertex),
        new("openai", ProviderType.OpenAIChat) { BaseUrl = "https://api.openai.com/v1", ApiKeyEnv = "OPENAI_API_KEY" },
        new("openrouter", ProviderType.OpenAIChat) { BaseUrl = "https://openrouter.ai/api/v1", ApiKeyEnv = "OPENROUTER_API_KEY" },
        new("ollama", ProviderType.OpenAIChat) { BaseUrl = "http://127.0.0.1:11434/v1", IsLocal = true, Prices = ModelPrices.Free },
        new("lmstudio", ProviderType.OpenAIChat) { BaseUrl = "http://127.0.0.1:1234/v1", IsLocal = true, Prices = ModelPrices.Free },
        new("llamacpp", ProviderType.OpenAIChat) { BaseUrl = "http://127.0.0.1:8080/v1", IsLocal = true, Prices = ModelPrices.Free },
        new("vllm", ProviderType.OpenAIChat) { BaseUrl = "http://127.0.0.1:8000/v1", IsLocal = true, Prices = ModelPrices.Free },
    ];

    public static ProviderDefinition? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
}
