using Keel.Anthropic.Errors;
using Keel.Anthropic.Http;
using Keel.Anthropic.Requests;
using Keel.Core.Model;

namespace Keel.Anthropic.Wire;

/// <summary>The Anthropic Messages API itself: <c>POST {base}/v1/messages</c>, x-api-key or bearer, server-sent events.</summary>
public sealed class AnthropicProtocol(AnthropicOptions options) : IWireProtocol
{
    private Uri? _endpoint;

    private Uri Endpoint => _endpoint ??= options.MessagesEndpoint();

    public async ValueTask<HttpRequestMessage> CreateRequestAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        if (!options.HasCredentials)
        {
            throw new ModelCallException(new ModelError(
                ModelErrorKind.Authentication,
                "No API key configured. Set ANTHROPIC_API_KEY (or ANTHROPIC_AUTH_TOKEN for a bearer token) and try again."));
        }

        var effective = options;
        if (options.Credentials is { } credentials)
        {
            var key = await credentials.GetApiKeyAsync(cancellationToken)
                ?? throw new ModelCallException(new ModelError(ModelErrorKind.Authentication, "The apiKeyHelper command from settings did not print an API key."));
            effective = options with { ApiKey = key, AuthToken = null };
        }

        return AnthropicHttp.CreateRequest(effective, Endpoint, AnthropicRequestWriter.Write(request));
    }

    public bool IsStreamMediaType(string mediaType) => mediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase);

    public IStreamDecoder CreateDecoder() => new SseMessagesDecoder();

    public ModelError Classify(ModelError error, HttpResponseMessage? response) => FeatureRefusals.Classify(error);
}
