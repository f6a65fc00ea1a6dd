using Keel.Core.Model;
using Keel.Core.Sessions;

namespace Keel.Cli.Composition;

/// <summary>
/// The static prefix's cache lifetime for a session. <c>promptCacheTtl</c> (or <c>KEEL_PROMPT_CACHE_TTL</c>) set to
/// <c>1h</c> or <c>5m</c> fixes it. Unset, sessions a person or host keeps going (the terminal, stream-json hosts, ACP)
/// move to one hour after their first pause longer than five minutes (<see cref="PromptCacheLifetime"/>), while
/// one-shot <c>-p</c> runs keep five minutes. A continued session keeps the lifetime it recorded either way, so
/// <c>-c</c> sends the same prefix bytes whichever surface continues it.
/// </summary>
internal static class CacheLifetime
{
    public static PromptCacheLifetime For(string? configured, bool longLived, LoadedSession? loaded, TimeProvider time)
    {
        if (Parse(configured) is { } chosen)
        {
            return PromptCacheLifetime.Fixed(chosen.Length == 0 ? null : chosen);
        }

        var restored = loaded?.CacheTtl == PromptCacheLifetime.OneHour ? PromptCacheLifetime.OneHour : null;
        return longLived ? PromptCacheLifetime.Adaptive(time, restored, loaded?.LastActivity) : PromptCacheLifetime.Fixed(restored);
    }

    /// <summary><c>1h</c> for one hour, an empty string for five minutes, null when unset or not understood.</summary>
    public static string? Parse(string? configured) => configured?.Trim().ToLowerInvariant() switch
    {
        "1h" or "60m" or "3600s" => PromptCacheLifetime.OneHour,
        "5m" or "300s" or "off" or "false" => string.Empty,
        _ => null,
    };
}
