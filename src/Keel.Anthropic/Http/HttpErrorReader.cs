using System.Globalization;
using System.Text;
using System.Text.Json;
using Keel.Anthropic.Errors;
using Keel.Core.Model;

namespace Keel.Anthropic.Http;

/// <summary>Builds a <see cref="ModelError"/> from a non-success response: status, error body and retry headers.</summary>
public static class HttpErrorReader
{
    private const int MaxBodyBytes = 64 * 1024;
    private const int MaxSnippetChars = 500;

    /// <summary>
    /// Reads the error body (bounded). A body that cannot be read is ignored: the status and
    /// headers alone still let the caller decide about retrying. Only the caller's own
    /// cancellation escapes.
    /// </summary>
    public static async Task<ModelError> ReadAsync(HttpResponseMessage response, TimeProvider timeProvider, CancellationToken readToken, CancellationToken callerToken)
    {
        var body = string.Empty;
        try
        {
            body = await ReadBodyAsync(response, readToken);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException || (ex is OperationCanceledException && !callerToken.IsCancellationRequested))
        {
            // Fall through with what we have.
        }

        return FromResponse(response, body, timeProvider.GetUtcNow());
    }

    public static ModelError FromResponse(HttpResponseMessage response, string body, DateTimeOffset now)
    {
        var status = (int)response.StatusCode;
        var (errorType, errorCode, message) = ParseErrorBody(body);
        message ??= Snippet(body) ?? response.ReasonPhrase ?? $"HTTP {status}";
        var shouldRetry = AnthropicHttp.GetHeader(response, "x-should-retry") switch
        {
            { } v when v.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) => true,
            { } v when v.Trim().Equals("false", StringComparison.OrdinalIgnoreCase) => false,
            _ => (bool?)null,
        };

        var requestId = AnthropicHttp.GetRequestId(response);
        if (QuotaExhaustion.Matches(status, errorType, errorCode, message))
        {
            // Whatever retry headers say: waiting seconds does not refill a spent quota.
            return new ModelError(ModelErrorKind.QuotaExhausted, QuotaExhaustion.Explain(message), status, errorType, requestId, ShouldRetry: false);
        }

        return new ModelError(
            ModelErrorKind.Http,
            message,
            status,
            errorType,
            requestId,
            ParseRetryAfter(AnthropicHttp.GetHeader(response, "retry-after-ms"), AnthropicHttp.GetHeader(response, "retry-after"), now),
            shouldRetry);
    }

    /// <summary><c>retry-after-ms</c> wins; <c>retry-after</c> may be seconds or an HTTP date.</summary>
    public static TimeSpan? ParseRetryAfter(string? retryAfterMs, string? retryAfter, DateTimeOffset now)
    {
        if (double.TryParse(retryAfterMs, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && double.IsFinite(ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        if (string.IsNullOrWhiteSpace(retryAfter))
        {
            return null;
        }

        if (double.TryParse(retryAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    /// <summary>The API's <c>{"error":{"type","message","details":{"error_code"}}}</c> shape, or nulls.</summary>
    private static (string? Type, string? Code, string? Message) ParseErrorBody(string body)
    {
        if (body.Length == 0 || body[0] != '{')
        {
            return (null, null, null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object)
            {
                var code = error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Object
                    ? GetString(details, "error_code")
                    : null;
                return (GetString(error, "type"), code ?? GetString(error, "code"), GetString(error, "message"));
            }
        }
        catch (JsonException)
        {
            // Not the API's error shape (a proxy page, a truncated body): the snippet is used instead.
        }

        return (null, null, null);
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxBodyBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return Encoding.UTF8.GetString(buffer, 0, length).Trim();
    }

    private static string? Snippet(string body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        return body.Length > MaxSnippetChars ? body[..MaxSnippetChars] + "..." : body;
    }

    private static string? GetString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
