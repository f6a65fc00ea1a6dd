namespace Keel.Testing.FakeServer;

/// <summary>Which model API a request to the fake server spoke, told apart by its path.</summary>
public enum WireProtocol
{
    /// <summary>Not a model call (token endpoints, unknown routes).</summary>
    None,

    /// <summary><c>POST /v1/messages</c>.</summary>
    Anthropic,

    /// <summary><c>POST /model/{id}/invoke-with-response-stream</c>: the answer is an AWS event stream.</summary>
    Bedrock,

    /// <summary><c>POST .../publishers/anthropic/models/{model}:streamRawPredict</c>.</summary>
    Vertex,

    /// <summary><c>POST .../chat/completions</c> (OpenAI, Azure deployments, compatible servers).</summary>
    OpenAIChat,

    /// <summary><c>POST .../responses</c>.</summary>
    OpenAIResponses,
}
