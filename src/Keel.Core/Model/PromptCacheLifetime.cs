namespace Keel.Core.Model;

/// <summary>
/// The cache lifetime of a session's static prefix (tools and static system): the API's default five minutes, or one
/// hour (<c>ttl: "1h"</c>). The marker is part of the request bytes, so the lifetime changes at most once per session
/// and only when nothing is lost by it: an adaptive session (one a person or host keeps going) moves to one hour at its
/// first request after a pause longer than five minutes, when the five-minute entry has lapsed and the prefix is written
/// again anyway. The one-hour write costs 2x the input price instead of 1.25x; it pays back at the next pause
/// between five minutes and an hour, which a session that has paused once is likely to take again. The choice is
/// recorded, so a continued session keeps sending the same bytes.
/// </summary>
public sealed class PromptCacheLifetime
{
    /// <summary>The value of the one-hour <c>ttl</c>.</summary>
    public const string OneHour = "1h";

    /// <summary>How long the default cache entry lives after its last use.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(5);

    private readonly TimeProvider? _time;
    private DateTimeOffset? _lastRequest;

    private PromptCacheLifetime(string? ttl, TimeProvider? time, DateTimeOffset? lastActivity)
    {
        Ttl = ttl;
        _time = time;
        _lastRequest = lastActivity;
    }

    /// <summary>The <c>ttl</c> the next request's static breakpoints carry; null for the default five minutes.</summary>
    public string? Ttl { get; private set; }

    /// <summary>Told when the lifetime moves to one hour (the transcript records it for <c>-c</c>).</summary>
    public Action<string>? Changed { get; set; }

    /// <summary>A lifetime that never changes (a setting chose it, or a one-shot run).</summary>
    public static PromptCacheLifetime Fixed(string? ttl) => new(ttl, null, null);

    /// <param name="restored">The lifetime a continued session recorded, if any.</param>
    /// <param name="lastActivity">When the continued session last wrote its transcript (its cache's age), if known.</param>
    public static PromptCacheLifetime Adaptive(TimeProvider time, string? restored, DateTimeOffset? lastActivity) =>
        new(restored, time, lastActivity);

    /// <summary>Called as a request of the session's own conversation is about to be sent.</summary>
    public void RequestStarting()
    {
        if (_time is null)
        {
            return;
        }

        var now = _time.GetUtcNow();
        if (Ttl is null && _lastRequest is { } last && now - last > DefaultLifetime)
        {
            Ttl = OneHour;
            Changed?.Invoke(OneHour);
        }

        _lastRequest = now;
    }
}
