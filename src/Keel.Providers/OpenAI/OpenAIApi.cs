namespace Keel.Providers.OpenAI;

/// <summary>Which OpenAI endpoint a provider speaks.</summary>
public enum OpenAIApi
{
    /// <summary><c>POST /chat/completions</c>: what nearly every compatible server (vLLM, llama.cpp, Ollama, LM Studio, OpenRouter) offers.</summary>
    ChatCompletions,

    /// <summary><c>POST /responses</c>: OpenAI's newer API (reasoning items, typed stream events).</summary>
    Responses,
}
