namespace Keel.Anthropic.Errors;

/// <summary>
/// Tells a spent quota from a transient rate limit. A 429 normally means "slow down" and is worth
/// retrying; a 429 (or a billing error) that names a spend limit, a quota or the credit balance
/// will answer the same way until someone changes the account, so retrying only hides the reason.
/// </summary>
public static class QuotaExhaustion
{
    private static readonly string[] CodeMarkers = ["spend_limit", "spend-limit", "quota", "credit", "billing", "usage_limit", "insufficient_funds"];

    private static readonly string[] MessageMarkers =
    [
        "spend limit",
        "spending limit",
        "quota",
        "credit balance",
        "billing",
        "usage limit",
        "insufficient funds",
        "payment",
    ];

    // The API's own wording for an account out of money or past its limits, whatever the status.
    private static readonly string[] AccountMarkers = ["credit balance is too low", "specified api usage limits", "spend limit"];

    /// <summary>True when the error says the account (not the moment) is out of capacity.</summary>
    public static bool Matches(int? status, string? errorType, string? errorCode, string? message)
    {
        if (errorType is "billing_error" or "insufficient_quota" || status == 402)
        {
            return true;
        }

        if (errorCode is { Length: > 0 } && ContainsAny(errorCode, CodeMarkers))
        {
            return true;
        }

        if (message is { Length: > 0 } && ContainsAny(message, AccountMarkers))
        {
            return true;
        }

        // Only an error that is already a refusal for capacity is read by its wording; a 400 that merely
        // mentions "billing" in a prompt-related message is not a quota.
        var capacityRefusal = status is 429 or 403 || errorType is "rate_limit_error" or "permission_error";
        return capacityRefusal && message is { Length: > 0 } && ContainsAny(message, MessageMarkers);
    }

    /// <summary>The message the user sees: what happened, that Keel did not retry, and what to do.</summary>
    public static string Explain(string serverMessage) =>
        $"The API account's spend limit, quota or credit is exhausted, so Keel did not retry: {serverMessage}. "
        + "Raise the limit or add credit in the console (or wait for the quota to reset), then run again.";

    private static bool ContainsAny(string text, string[] markers)
    {
        foreach (var marker in markers)
        {
            if (text.Contains(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
