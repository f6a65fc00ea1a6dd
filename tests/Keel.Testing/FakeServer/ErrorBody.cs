using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Keel.Testing.FakeServer;

/// <summary>The Messages API error envelope: <c>{"type":"error","error":{"type":...,"message":...}}</c>.</summary>
internal static class ErrorBody
{
    /// <summary>
    /// The status and body a real server of <paramref name="protocol"/> would send for an Anthropic-style error:
    /// Bedrock names an exception in <c>x-amzn-ErrorType</c>, OpenAI-compatible servers use their own types and codes.
    /// </summary>
    public static (int Status, string Body) For(WireProtocol protocol, int status, string errorType, string message, string? requestId, Microsoft.AspNetCore.Http.IHeaderDictionary headers)
    {
        var tooLong = message.Contains("prompt is too long", StringComparison.OrdinalIgnoreCase);
        switch (protocol)
        {
            case WireProtocol.Bedrock:
                var (code, exception, text) = (status, errorType) switch
                {
                    (_, "overloaded_error") => (503, "ServiceUnavailableException", "Bedrock is unable to process your request."),
                    (429, _) => (429, "ThrottlingException", "Too many requests, please wait before trying again."),
                    (401 or 403, _) => (403, "UnrecognizedClientException", "The security token included in the request is invalid."),
                    (404, _) => (404, "ResourceNotFoundException", "Could not resolve the foundation model from the provided model identifier."),
                    (400, _) when tooLong => (400, "ValidationException", "Input is too long for requested model."),
                    (400, _) => (400, "ValidationException", message),
                    _ => (500, "InternalServerException", message),
                };
                headers["x-amzn-ErrorType"] = exception + ":http://internal.amazon.com/coral/com.amazon.bedrock/";
                headers["x-amzn-RequestId"] = requestId ?? "fake";
                return (code, "{\"message\":" + JsonSerializer.Serialize(text, FakeJson.Default.String) + "}");
            case WireProtocol.OpenAIChat or WireProtocol.OpenAIResponses:
                var (type, errorCode, openAiMessage) = (status, errorType) switch
                {
                    (400, _) when tooLong => ("invalid_request_error", "context_length_exceeded", "This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens. Please reduce the length of the messages."),
                    (401, _) => ("invalid_request_error", "invalid_api_key", "Incorrect API key provided."),
                    (404, _) => ("invalid_request_error", "model_not_found", "The model does not exist or you do not have access to it."),
                    (429, _) => ("requests", "rate_limit_exceeded", "Rate limit reached for requests."),
                    (_, "overloaded_error") => ("server_error", "overloaded", "The server is currently overloaded with other requests."),
                    _ => (errorType, errorType, message),
                };
                var openAiStatus = errorType == "overloaded_error" ? 503 : status;
                return (openAiStatus, "{\"error\":{\"message\":" + JsonSerializer.Serialize(openAiMessage, FakeJson.Default.String) + ",\"type\":\"" + type + "\",\"param\":null,\"code\":\"" + errorCode + "\"}}");
            default:
                return (status, Json(errorType, message, requestId));
        }
    }

    public static string Json(string errorType, string message, string? requestId)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "error");
            writer.WriteStartObject("error");
            writer.WriteString("type", errorType);
            writer.WriteString("message", message);
            writer.WriteEndObject();
            if (requestId is not null)
            {
                writer.WriteString("request_id", requestId);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
