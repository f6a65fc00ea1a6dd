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
    /// <summary>A short line for people: "API Error (529 overloaded_error): Overloaded".</summary>
    public string Describe()
    {
        var code = (Status, ErrorType) switch
        {
            ({ } s, { } t) => $" ({s} {t})",
            ({ } s, null) => $" ({s})",
            (null, { } t) => $" ({t})",
            _ => string.Empty,
        };
        return $"API Error{code}: {Message}";
    }
}
