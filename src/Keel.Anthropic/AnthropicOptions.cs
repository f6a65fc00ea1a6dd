using System.Globalization;
using Keel.Core.Recovery;

namespace Keel.Anthropic;

/// <summary>Connection settings for <see cref="AnthropicClient"/>.</summary>
public sealed record AnthropicOptions
{
    public const string DefaultBaseUrl = "https://api.anthropic.com";

    /// <summary>A stream silent this long after it started is abandoned and retried (well within a minute).</summary>
    public static readonly TimeSpan DefaultStreamIdleTimeout = TimeSpan.FromSeconds(45);

    /// <summary>How long to wait for the response headers and the first event; a large prompt may take a while to start.</summary>
    public static readonly TimeSpan DefaultFirstByteTimeout = TimeSpan.FromSeconds(60);

    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(30);

    public string BaseUrl { get; init; } = DefaultBaseUrl;

    /// <summary>Sent as <c>x-api-key</c> unless <see cref="AuthToken"/> is set.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Sent as <c>Authorization: Bearer</c>; takes precedence over <see cref="ApiKey"/>.</summary>
    public string? AuthToken { get; init; }

    public string AnthropicVersion { get; init; } = "2023-06-01";

    /// <summary>Joined with commas into <c>anthropic-beta</c> when not empty.</summary>
    public IReadOnlyList<string> Betas { get; init; } = [];

    public string UserAgent { get; init; } = "keel/0.1.0";

    /// <summary>Extra request headers (a named provider's <c>headers</c>); one named like a header Keel sets replaces it.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>A started stream that sends no content for this long fails with <c>StreamIdle</c>.</summary>
    public TimeSpan StreamIdleTimeout { get; init; } = DefaultStreamIdleTimeout;

    /// <summary>A request whose response (headers and first event) does not start within this fails with <c>StreamIdle</c>.</summary>
    public TimeSpan FirstByteTimeout { get; init; } = DefaultFirstByteTimeout;

    public TimeSpan ConnectTimeout { get; init; } = DefaultConnectTimeout;

    /// <summary>Asked for the key on every request (an <c>apiKeyHelper</c>); takes precedence over <see cref="ApiKey"/> and <see cref="AuthToken"/>.</summary>
    public ICredentialSource? Credentials { get; init; }

    public bool HasCredentials => !string.IsNullOrEmpty(ApiKey) || !string.IsNullOrEmpty(AuthToken) || Credentials is not null;

    /// <summary>
    /// Reads ANTHROPIC_API_KEY, ANTHROPIC_AUTH_TOKEN, ANTHROPIC_BASE_URL, KEEL_STREAM_IDLE_TIMEOUT_MS and
    /// KEEL_FIRST_BYTE_TIMEOUT_MS.
    /// Empty values count as unset.
    /// </summary>
    public static AnthropicOptions FromEnvironment(Func<string, string?> getEnv)
    {
        var options = new AnthropicOptions
        {
            ApiKey = NullIfEmpty(getEnv("ANTHROPIC_API_KEY")),
            AuthToken = NullIfEmpty(getEnv("ANTHROPIC_AUTH_TOKEN")),
        };

        if (NullIfEmpty(getEnv("ANTHROPIC_BASE_URL")) is { } baseUrl)
        {
            options = options with { BaseUrl = baseUrl.TrimEnd('/') };
        }

        if (long.TryParse(getEnv("KEEL_STREAM_IDLE_TIMEOUT_MS"), NumberStyles.None, CultureInfo.InvariantCulture, out var idleMs) && idleMs > 0)
        {
            options = options with { StreamIdleTimeout = TimeSpan.FromMilliseconds(idleMs) };
        }

        if (long.TryParse(getEnv("KEEL_FIRST_BYTE_TIMEOUT_MS"), NumberStyles.None, CultureInfo.InvariantCulture, out var firstMs) && firstMs > 0)
        {
            options = options with { FirstByteTimeout = TimeSpan.FromMilliseconds(firstMs) };
        }

        return options;
    }

    /// <summary>The Messages endpoint; tolerant of a trailing slash and of a path prefix on the base URL.</summary>
    public Uri MessagesEndpoint() => new(BaseUrl.TrimEnd('/') + "/v1/messages", UriKind.Absolute);

    /// <summary>A message for the user when <see cref="BaseUrl"/> cannot be requested, else null.</summary>
    public string? Problem() =>
        Uri.TryCreate(BaseUrl.TrimEnd('/') + "/v1/messages", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? null
            : $"ANTHROPIC_BASE_URL \"{BaseUrl}\" is not an http(s) URL (for example https://api.anthropic.com).";

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
