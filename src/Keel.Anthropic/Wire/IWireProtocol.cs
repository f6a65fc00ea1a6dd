using Keel.Core.Model;

namespace Keel.Anthropic.Wire;

/// <summary>
/// How one provider speaks over HTTP: the request it wants (URL, headers, signing, body) and how
/// its streamed answer turns back into <see cref="ModelStreamEvent"/>s. The transport around it
/// (<see cref="AnthropicClient"/>: connection pool, idle limit, error reading) is shared by every
/// provider, so each gets the same recovery behaviour.
/// </summary>
public interface IWireProtocol
{
    /// <summary>Builds the request for one attempt. Throws <see cref="ModelCallException"/> (e.g. Authentication) when it cannot.</summary>
    ValueTask<HttpRequestMessage> CreateRequestAsync(ModelRequest request, CancellationToken cancellationToken);

    /// <summary>True when a 200 response of this media type is the provider's stream.</summary>
    bool IsStreamMediaType(string mediaType);

    /// <summary>A fresh decoder for one response body.</summary>
    IStreamDecoder CreateDecoder();

    /// <summary>
    /// Classifies an error for the retry cascade (<see cref="ModelError.Category"/>), adding the provider's
    /// advice. <paramref name="response"/> is the failed response for HTTP errors, null for errors inside a stream.
    /// </summary>
    ModelError Classify(ModelError error, HttpResponseMessage? response);
}
