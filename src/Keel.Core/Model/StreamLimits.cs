using System.Globalization;

namespace Keel.Core.Model;

/// <summary>
/// Bounds on one streamed attempt that hold whatever the server does: an output ceiling derived from
/// the request's <c>max_tokens</c> (a stream longer than its token limit allows is not a real answer)
/// and a deadline for the whole attempt (a stream that trickles just fast enough to dodge the idle limit).
/// </summary>
public sealed record StreamLimits
{
    public static StreamLimits Default { get; } = new();

    /// <summary>
    /// Characters of streamed output (text, thinking, tool input) allowed per token of <c>max_tokens</c>.
    /// A real token is a few characters; the generous factor leaves room for long tokens such as runs of
    /// spaces, so only a stream far past its limit is cut.
    /// </summary>
    public int MaxCharsPerToken { get; init; } = 64;

    /// <summary>A fixed deadline for each attempt; null derives it from <c>max_tokens</c>.</summary>
    public TimeSpan? AttemptTimeout { get; init; }

    /// <summary>The part of the derived deadline that does not depend on <c>max_tokens</c> (time to first token, tools' server work).</summary>
    public TimeSpan BaseAttemptTime { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The derived deadline allows this much per token of <c>max_tokens</c> (20 tokens a second, slower than any model streams).</summary>
    public TimeSpan TimePerToken { get; init; } = TimeSpan.FromMilliseconds(50);

    public long OutputCeiling(int maxTokens) => (long)Math.Max(maxTokens, 1) * MaxCharsPerToken;

    public TimeSpan AttemptDeadline(int maxTokens) => AttemptTimeout ?? BaseAttemptTime + (TimePerToken * Math.Max(maxTokens, 1));

    /// <summary>Reads <c>KEEL_ATTEMPT_TIMEOUT_MS</c> and <c>KEEL_OUTPUT_CHARS_PER_TOKEN</c>; anything unparsable keeps the default.</summary>
    public static StreamLimits FromEnvironment(Func<string, string?> getEnv)
    {
        var limits = Default;
        if (long.TryParse(getEnv("KEEL_ATTEMPT_TIMEOUT_MS"), NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0)
        {
            limits = limits with { AttemptTimeout = TimeSpan.FromMilliseconds(ms) };
        }

        if (int.TryParse(getEnv("KEEL_OUTPUT_CHARS_PER_TOKEN"), NumberStyles.None, CultureInfo.InvariantCulture, out var chars) && chars > 0)
        {
            limits = limits with { MaxCharsPerToken = chars };
        }

        return limits;
    }
}
