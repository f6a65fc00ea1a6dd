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
}
