namespace Keel.Core.Recovery;

/// <summary>
/// Where the model client gets its API key for each request. A source that can re-read its
/// credentials (an <c>apiKeyHelper</c> command) lets a 401 be retried once with a fresh key.
/// </summary>
public interface ICredentialSource
{
    /// <summary>The current key (cached after the first read); null when none could be obtained.</summary>
    ValueTask<string?> GetApiKeyAsync(CancellationToken cancellationToken);

    /// <summary>Forgets the cached key and reads it again; returns true when a key came back.</summary>
    ValueTask<bool> RefreshAsync(CancellationToken cancellationToken);
}
