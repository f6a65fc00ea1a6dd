namespace Keel.Core.Model;

/// <summary>What went wrong with a model call, with everything retry logic needs.</summary>
public sealed record ModelError(
    ModelErrorKind Kind,
    string Message,
    int? Status = null,
    string? ErrorType = null,
    string? RequestId = null,
    TimeSpan? RetryAfter = null,
    bool? ShouldRetry = null)
{
    /// <summary>How many requests were sent before this error was final; 0 while the error is still being retried.</summary>
    public int Attempts { get; init; }

    private readonly ModelErrorCategory? _category;

    /// <summary>
    /// The provider's classification; when the provider did not set one it is derived from
    /// <see cref="Kind"/>, <see cref="Status"/>, <see cref="ErrorType"/> and the message.
    /// </summary>
    public ModelErrorCategory Category
    {
        get => _category ?? Derive();
        init => _category = value;
    }

    /// <summary>The feature the server said the model lacks, with <see cref="ModelErrorCategory.UnsupportedFeature"/>.</summary>
    public ModelFeature? UnsupportedFeature { get; init; }

    /// <summary>What the user can do about it (e.g. which credentials to check); shown instead of the Anthropic-specific advice.</summary>
    public string? Advice { get; init; }

    /// <summary>
    /// A short line for people: "API Error (529 overloaded_error): Overloaded", plus the request id and the
    /// number of attempts once known, so the failure can be reported.
    /// </summary>
    public string Describe()
    {
        var code = (Status, ErrorType) switch
        {
            ({ } s, { } t) => $" ({s} {t})",
            ({ } s, null) => $" ({s})",
            (null, { } t) => $" ({t})",
            _ => string.Empty,
        };
        var facts = (RequestId, Attempts) switch
        {
            ({ Length: > 0 } id, > 1) => $" [request-id: {id}; {Attempts} attempts]",
            ({ Length: > 0 } id, _) => $" [request-id: {id}]",
            (_, > 1) => $" [{Attempts} attempts; no request-id: the server never answered]",
            _ => string.Empty,
        };
        return $"API Error{code}: {Message}{facts}";
    }

    private ModelErrorCategory Derive()
    {
        switch (Kind)
        {
            case ModelErrorKind.QuotaExhausted:
                return ModelErrorCategory.Quota;
            case ModelErrorKind.BrokenStream:
                return ModelErrorCategory.Transient;
            case ModelErrorKind.OutputLimit:
                return ModelErrorCategory.Unknown;
        }

        if (Status == 529 || ErrorType == "overloaded_error")
        {
            return ModelErrorCategory.Overloaded;
        }

        switch (Kind)
        {
            case ModelErrorKind.Connection or ModelErrorKind.StreamIdle or ModelErrorKind.StreamError:
                return ModelErrorCategory.Transient;
            case ModelErrorKind.Authentication:
                return ModelErrorCategory.Authentication;
            case ModelErrorKind.Protocol:
                return ModelErrorCategory.Unknown;
        }

        return Status switch
        {
            401 => ModelErrorCategory.Authentication,
            429 => ModelErrorCategory.RateLimited,
            400 or 413 when Message.Contains("prompt is too long", StringComparison.OrdinalIgnoreCase) => ModelErrorCategory.ContextTooLong,
            404 when ErrorType == "not_found_error" && Message.StartsWith("model:", StringComparison.OrdinalIgnoreCase) => ModelErrorCategory.ModelNotFound,
            408 or 409 or >= 500 => ModelErrorCategory.Transient,
            >= 400 => ModelErrorCategory.InvalidRequest,
            _ => ModelErrorCategory.Unknown,
        };
    }
}
