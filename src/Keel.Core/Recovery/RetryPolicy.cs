using Keel.Core.Model;

namespace Keel.Core.Recovery;

/// <summary>
/// Which model errors are retried and after how long: retry-after first, then exponential
/// backoff (0.5 s doubling, capped at 32 s) with up to 25% jitter.
/// </summary>
public sealed class RetryPolicy
{
    public int MaxRetries { get; init; } = 10;

    /// <summary>Consecutive 529s after which we stop (or switch to a fallback model).</summary>
    public int MaxConsecutiveOverloaded { get; init; } = 3;

    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(32);

    public Func<double> Jitter { get; init; } = Random.Shared.NextDouble;

    /// <summary>
    /// <c>KEEL_UNATTENDED_RETRY=1</c>: rate limits (429) and overload (529) are retried without
    /// limit, with waits up to <see cref="UnattendedMaxDelay"/> and a heartbeat while waiting.
    /// </summary>
    public bool Unattended { get; init; }

    public TimeSpan UnattendedMaxDelay { get; init; } = TimeSpan.FromMinutes(5);

    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    public static bool IsRateLimited(ModelError error) => error.Category is ModelErrorCategory.RateLimited or ModelErrorCategory.Overloaded;

    /// <summary>True when unattended mode lifts the retry limits for this error.</summary>
    public bool RetriesWithoutLimit(ModelError error) => Unattended && IsRateLimited(error) && error.ShouldRetry != false;

    public static bool IsOverloaded(ModelError error) => error.Category == ModelErrorCategory.Overloaded;

    public static bool IsRetryable(ModelError error)
    {
        if (error.ShouldRetry is { } explicitAnswer)
        {
            return explicitAnswer;
        }

        // The provider classified the error (see ModelError.Category); only these are worth another try.
        return error.Category is ModelErrorCategory.Transient or ModelErrorCategory.RateLimited or ModelErrorCategory.Overloaded;
    }

    /// <summary>The wait before retry number <paramref name="attempt"/> (1-based).</summary>
    public TimeSpan DelayFor(int attempt, ModelError error)
    {
        if (error.RetryAfter is { } retryAfter && retryAfter >= TimeSpan.Zero)
        {
            return retryAfter;
        }

        var exponent = Math.Min(attempt - 1, 16);
        var cap = RetriesWithoutLimit(error) ? UnattendedMaxDelay : MaxDelay;
        var baseMs = Math.Min(BaseDelay.TotalMilliseconds * Math.Pow(2, exponent), cap.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(baseMs * (1 + (0.25 * Jitter())));
    }
}
