namespace Keel.Cli.Composition;

/// <summary>
/// The static prefix's cache lifetime: <c>promptCacheTtl</c> (or <c>KEEL_PROMPT_CACHE_TTL</c>) says <c>1h</c> or
/// <c>5m</c>. Unset, five minutes: the marker is part of the request bytes, so a default that differed by surface
/// would change the prefix when a terminal session is continued with <c>-c -p</c>. One hour pays for sessions with
/// pauses longer than five minutes (a write costs twice the input price instead of 1.25x, and each read after such a
/// pause saves a new write), so users of long interactive sessions turn it on.
/// </summary>
internal static class CacheLifetime
{
    public static string? Choose(string? configured) => configured?.Trim().ToLowerInvariant() switch
    {
        "1h" or "60m" or "3600s" => "1h",
        "5m" or "300s" or "off" or "false" => null,
        _ => null,
    };
}
