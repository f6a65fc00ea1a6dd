using System.Text.Json;
using Keel.Anthropic.Errors;
using Keel.Core.Model;

namespace Keel.Providers.Bedrock;

/// <summary>Bedrock's exception names (HTTP <c>x-amzn-ErrorType</c> or stream <c>:exception-type</c>) mapped to retry categories.</summary>
public static class BedrockErrors
{
    public const string CredentialAdvice = "Check the AWS credentials (AWS_PROFILE, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, `aws sso login`), or set awsAuthRefresh / awsCredentialExport in settings.";

    public static ModelError FromException(string exceptionType, string message, int? status, ModelErrorKind kind)
    {
        var name = exceptionType.Split(':')[0].Trim();
        var category = Categorize(name, message, status);
        var effectiveStatus = status ?? category switch
        {
            ModelErrorCategory.RateLimited => 429,
            ModelErrorCategory.Overloaded => 529,
            ModelErrorCategory.Transient => 500,
            ModelErrorCategory.ContextTooLong => 400,
            ModelErrorCategory.Authentication => 403,
            _ => (int?)null,
        };
        // A ValidationException that names a feature the model does not take: turned off and sent once more.
        var feature = category == ModelErrorCategory.InvalidRequest ? FeatureRefusals.Find(message) : null;
        return new ModelError(kind, message.Length > 0 ? message : name, effectiveStatus ?? (feature is null ? null : 400), name)
        {
            Category = feature is null ? category : ModelErrorCategory.UnsupportedFeature,
            UnsupportedFeature = feature,
            Advice = category == ModelErrorCategory.Authentication ? CredentialAdvice : null,
        };
    }

    /// <summary>Classifies an HTTP error: the exception name comes from the header, else the body's <c>__type</c>.</summary>
    public static ModelError Classify(ModelError error, HttpResponseMessage? response)
    {
        if (response is null)
        {
            return error;
        }

        var type = Header(response, "x-amzn-ErrorType");
        var message = error.Message;
        if (message.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(message);
                var root = document.RootElement;
                if (root.TryGetProperty("message", out var m) || root.TryGetProperty("Message", out m))
                {
                    message = m.GetString() ?? message;
                }

                if (type is null && root.TryGetProperty("__type", out var t))
                {
                    type = t.GetString();
                }
            }
            catch (JsonException)
            {
                // Keep the raw text.
            }
        }

        var classified = FromException(type ?? error.ErrorType ?? $"HTTP {error.Status}", message, error.Status, ModelErrorKind.Http);
        return classified with { RequestId = Header(response, "x-amzn-RequestId") ?? error.RequestId, RetryAfter = error.RetryAfter, ShouldRetry = error.ShouldRetry };
    }

    private static ModelErrorCategory Categorize(string name, string message, int? status)
    {
        var lower = name.ToLowerInvariant();
        if (message.Contains("too long", StringComparison.OrdinalIgnoreCase) || message.Contains("input length", StringComparison.OrdinalIgnoreCase)
            || message.Contains("context window", StringComparison.OrdinalIgnoreCase) || message.Contains("too many input tokens", StringComparison.OrdinalIgnoreCase))
        {
            return ModelErrorCategory.ContextTooLong;
        }

        return lower switch
        {
            "throttlingexception" or "toomanyrequestsexception" => ModelErrorCategory.RateLimited,
            "servicequotaexceededexception" => ModelErrorCategory.Quota,
            "serviceunavailableexception" or "modelnotreadyexception" => ModelErrorCategory.Overloaded,
            "internalserverexception" or "modelstreamerrorexception" or "modeltimeoutexception" => ModelErrorCategory.Transient,
            "accessdeniedexception" when message.Contains("model", StringComparison.OrdinalIgnoreCase) && message.Contains("access", StringComparison.OrdinalIgnoreCase) => ModelErrorCategory.ModelNotFound,
            "unrecognizedclientexception" or "accessdeniedexception" or "expiredtokenexception" or "invalidsignatureexception" or "incompletesignatureexception" or "missingauthenticationtokenexception" => ModelErrorCategory.Authentication,
            "resourcenotfoundexception" => ModelErrorCategory.ModelNotFound,
            "validationexception" when message.Contains("model identifier is invalid", StringComparison.OrdinalIgnoreCase) => ModelErrorCategory.ModelNotFound,
            "validationexception" => ModelErrorCategory.InvalidRequest,
            _ => status switch
            {
                401 or 403 => ModelErrorCategory.Authentication,
                404 => ModelErrorCategory.ModelNotFound,
                429 => ModelErrorCategory.RateLimited,
                503 => ModelErrorCategory.Overloaded,
                408 or >= 500 => ModelErrorCategory.Transient,
                >= 400 => ModelErrorCategory.InvalidRequest,
                _ => ModelErrorCategory.Transient,
            },
        };
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
