using System.Net.Http.Headers;
using Keel.Anthropic.Errors;
using Keel.Anthropic.Requests;
using Keel.Anthropic.Wire;
using Keel.Core.Model;

namespace Keel.Providers.Vertex;

/// <summary>
/// Anthropic models on Google Vertex AI: <c>streamRawPredict</c> with the Messages body (model in the URL,
/// <c>anthropic_version: vertex-2023-10-16</c>), a bearer token from application default credentials,
/// and the Messages server-sent events back.
/// </summary>
public sealed class VertexProtocol(VertexOptions options, GoogleCredentials? credentials, string userAgent) : IWireProtocol
{
    public const string CredentialAdvice = "Check the Google credentials (`gcloud auth application-default login`, or GOOGLE_APPLICATION_CREDENTIALS) and that the account may use Vertex AI in ANTHROPIC_VERTEX_PROJECT_ID.";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async ValueTask<HttpRequestMessage> CreateRequestAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(AnthropicRequestWriter.Write(request, MessagesBodyShape.Vertex));
        content.Headers.ContentType = Json;
        var message = new HttpRequestMessage(HttpMethod.Post, options.EndpointFor(request.Model)) { Content = content };
        message.Headers.TryAddWithoutValidation("accept", "text/event-stream");
        message.Headers.TryAddWithoutValidation("user-agent", userAgent);
        if (options.SkipAuth)
        {
            return message;
        }

        try
        {
            var token = await credentials!.GetAsync(cancellationToken);
            message.Headers.TryAddWithoutValidation("authorization", "Bearer " + token.Token);
            if (credentials.QuotaProject is { } quota)
            {
                message.Headers.TryAddWithoutValidation("x-goog-user-project", quota);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or System.Text.Json.JsonException or System.Security.Cryptography.CryptographicException or IOException)
        {
            message.Dispose();
            throw new ModelCallException(new ModelError(ModelErrorKind.Authentication, ex.Message) { Advice = CredentialAdvice }, ex);
        }

        return message;
    }

    public bool IsStreamMediaType(string mediaType) => mediaType.Equals("text/event-stream", StringComparison.OrdinalIgnoreCase);

    public IStreamDecoder CreateDecoder() => new SseMessagesDecoder();

    public ModelError Classify(ModelError error, HttpResponseMessage? response)
    {
        // The Anthropic model's own refusal (invalid_request_error) or Google's INVALID_ARGUMENT naming a feature.
        if (FeatureRefusals.Classify(error) is { Category: ModelErrorCategory.UnsupportedFeature } refused)
        {
            return refused;
        }

        if (response is null)
        {
            return error;
        }

        // Google's own envelope ({"error": {"code", "message", "status"}}) for failures before the model runs.
        var category = (error.Status, error.ErrorType) switch
        {
            (401 or 403, _) or (_, "UNAUTHENTICATED" or "PERMISSION_DENIED") => ModelErrorCategory.Authentication,
            (404, _) or (_, "NOT_FOUND") => ModelErrorCategory.ModelNotFound,
            _ => error.Category,
        };
        if (category == ModelErrorCategory.Authentication)
        {
            credentials?.Invalidate();
        }

        return error with { Category = category, Advice = category == ModelErrorCategory.Authentication ? CredentialAdvice : error.Advice };
    }
}
