using System.Net.Http.Headers;
using Keel.Anthropic.Wire;
using Keel.Core.Model;

namespace Keel.Providers.OpenAI;

/// <summary>An OpenAI-compatible server, over Chat Completions or the Responses API.</summary>
public sealed class OpenAIProtocol(OpenAIOptions options) : IWireProtocol
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public OpenAIOptions Options => options;

    public ValueTask<HttpRequestMessage> CreateRequestAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        var body = options.Api == OpenAIApi.Responses ? ResponsesRequestWriter.Write(request, options) : ChatRequestWriter.Write(request, options);
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        var message = new HttpRequestMessage(HttpMethod.Post, options.EndpointFor(request.Model)) { Content = content };
        message.Headers.TryAddWithoutValidation("accept", "text/event-stream");
        message.Headers.TryAddWithoutValidation("user-agent", options.UserAgent);
        if (options.ApiKey is { Length: > 0 } key)
        {
            message.Headers.TryAddWithoutValidation(options.IsAzure ? "api-key" : "authorization", options.IsAzure ? key : "Bearer " + key);
        }

        foreach (var (name, value) in options.Headers)
        {
            message.Headers.Remove(name);
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return ValueTask.FromResult(message);
    }

    public bool IsStreamMediaType(string mediaType) => mediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase);

    // The decoders fall back to an empty model name when the server sends none; the router reports the requested model anyway.
    public IStreamDecoder CreateDecoder() =>
        options.Api == OpenAIApi.Responses ? new ResponsesStreamDecoder(string.Empty) : new ChatStreamDecoder(string.Empty);

    public ModelError Classify(ModelError error, HttpResponseMessage? response) => OpenAIErrors.Classify(error, options);
}
