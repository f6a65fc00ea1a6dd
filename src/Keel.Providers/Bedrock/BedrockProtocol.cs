using System.Net.Http.Headers;
using Keel.Anthropic.Requests;
using Keel.Anthropic.Wire;
using Keel.Core.Model;

namespace Keel.Providers.Bedrock;

/// <summary>
/// Amazon Bedrock's <c>InvokeModelWithResponseStream</c> for Anthropic models: the Messages body
/// (model in the URL, <c>anthropic_version</c> in the body), signed with SigV4 for service
/// <c>bedrock</c>, answered with an event stream.
/// </summary>
public sealed class BedrockProtocol(BedrockOptions options, AwsCredentialChain? credentials, TimeProvider time, string userAgent) : IWireProtocol
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public async ValueTask<HttpRequestMessage> CreateRequestAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        var modelId = BedrockModels.ToBedrockId(request.Model, options.Region);
        var path = "model/" + modelId + "/invoke-with-response-stream";
        var endpoint = options.Endpoint;
        var uri = new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + "/" + string.Join('/', path.Split('/').Select(static s => SigV4Signer.UriEncode(s))));
        var body = AnthropicRequestWriter.Write(request, MessagesBodyShape.Bedrock);

        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        message.Headers.TryAddWithoutValidation("accept", "application/vnd.amazon.eventstream");
        message.Headers.TryAddWithoutValidation("user-agent", userAgent);

        if (options.BearerToken is { } bearer)
        {
            message.Headers.TryAddWithoutValidation("authorization", "Bearer " + bearer);
            return message;
        }

        if (options.SkipAuth)
        {
            return message;
        }

        AwsCredentials creds;
        try
        {
            creds = await credentials!.GetAsync(cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            message.Dispose();
            throw new ModelCallException(new ModelError(ModelErrorKind.Authentication, ex.Message) { Advice = BedrockErrors.CredentialAdvice }, ex);
        }

        var host = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        var decodedPath = endpoint.AbsolutePath.TrimEnd('/') + "/" + path;
        var signature = SigV4Signer.Sign(
            "POST",
            host,
            decodedPath,
            query: string.Empty,
            [new("content-type", "application/json"), new("accept", "application/vnd.amazon.eventstream")],
            body,
            creds,
            options.Region,
            "bedrock",
            time.GetUtcNow());
        message.Headers.TryAddWithoutValidation("x-amz-date", signature.AmzDate);
        if (signature.SecurityToken is { } token)
        {
            message.Headers.TryAddWithoutValidation("x-amz-security-token", token);
        }

        message.Headers.TryAddWithoutValidation("authorization", signature.Authorization);
        return message;
    }

    public bool IsStreamMediaType(string mediaType) =>
        mediaType.Equals("application/vnd.amazon.eventstream", StringComparison.OrdinalIgnoreCase);

    public IStreamDecoder CreateDecoder() => new BedrockStreamDecoder();

    public ModelError Classify(ModelError error, HttpResponseMessage? response) => BedrockErrors.Classify(error, response);
}
