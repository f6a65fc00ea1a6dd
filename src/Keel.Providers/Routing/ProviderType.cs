namespace Keel.Providers.Routing;

/// <summary>The wire protocols a provider can speak (the <c>type</c> of a provider in settings).</summary>
public enum ProviderType
{
    /// <summary>The Anthropic Messages API (api.anthropic.com or any compatible gateway).</summary>
    Anthropic,

    /// <summary>Anthropic models on Amazon Bedrock.</summary>
    Bedrock,

    /// <summary>Anthropic models on Google Vertex AI.</summary>
    Vertex,

    /// <summary>OpenAI Chat Completions (OpenAI, OpenRouter, vLLM, llama.cpp, Ollama, LM Studio, LiteLLM...).</summary>
    OpenAIChat,

    /// <summary>The OpenAI Responses API.</summary>
    OpenAIResponses,

    /// <summary>Azure OpenAI: deployments in the URL, <c>api-version</c>, <c>api-key</c> header.</summary>
    Azure,
}
