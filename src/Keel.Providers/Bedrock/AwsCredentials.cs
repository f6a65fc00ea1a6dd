namespace Keel.Providers.Bedrock;

/// <summary>An AWS access key pair, with the session token of temporary credentials and when they expire.</summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null, DateTimeOffset? Expiration = null)
{
    /// <summary>Where they came from, for messages ("environment", "profile default", ...).</summary>
    public string Source { get; init; } = "static";

    /// <summary>True when they expire within <paramref name="margin"/> of <paramref name="now"/>.</summary>
    public bool ExpiresWithin(DateTimeOffset now, TimeSpan margin) => Expiration is { } expires && expires - margin <= now;
}
