namespace Keel.Core.Model;

/// <summary>
/// What a failed model call means for the retry cascade, whatever the provider. A provider sets it
/// when it knows better (a Bedrock <c>ThrottlingException</c>, an OpenAI <c>insufficient_quota</c>);
/// otherwise <see cref="ModelError.Category"/> derives it from the status and error type.
/// </summary>
public enum ModelErrorCategory
{
    /// <summary>Nothing more specific is known; retried only when the transport failed.</summary>
    Unknown,

    /// <summary>A 5xx, timeout, reset or cut stream: trying again may work.</summary>
    Transient,

    /// <summary>Too many requests (429); honour retry-after.</summary>
    RateLimited,

    /// <summary>The provider has no capacity (529 overloaded); after a few in a row, fall back to another model.</summary>
    Overloaded,

    /// <summary>The conversation does not fit the model's context window; compaction may help, retrying does not.</summary>
    ContextTooLong,

    /// <summary>Missing, expired or rejected credentials.</summary>
    Authentication,

    /// <summary>The account is out of quota or credit: waiting will not help.</summary>
    Quota,

    /// <summary>The model id is unknown to the provider (or not enabled for the account).</summary>
    ModelNotFound,

    /// <summary>The request itself was refused (400): retrying the same bytes gives the same answer.</summary>
    InvalidRequest,

    /// <summary>
    /// The model does not support a feature the request used (tools, thinking, images): the request is sent
    /// once more without it (<see cref="ModelError.UnsupportedFeature"/> says which).
    /// </summary>
    UnsupportedFeature,
}
