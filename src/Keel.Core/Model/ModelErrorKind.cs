namespace Keel.Core.Model;

public enum ModelErrorKind
{
    /// <summary>The server answered with a non-success HTTP status.</summary>
    Http,

    /// <summary>No connection, a reset, or the body ended before message_stop.</summary>
    Connection,

    /// <summary>No bytes arrived for longer than the idle limit (or the first-byte limit).</summary>
    StreamIdle,

    /// <summary>An <c>error</c> event inside the stream.</summary>
    StreamError,

    /// <summary>The server sent something that is not the Messages protocol.</summary>
    Protocol,

    /// <summary>No API key or token is configured.</summary>
    Authentication,

    /// <summary>
    /// The account's spend limit, quota or credit is exhausted (a 429 or billing error that waiting
    /// seconds will not fix). Never retried.
    /// </summary>
    QuotaExhausted,

    /// <summary>
    /// The stream broke the event protocol mid-response (a block started twice, a delta for a block
    /// that is not open, data that is not JSON): nothing from the attempt is used; retried a few times.
    /// </summary>
    BrokenStream,

    /// <summary>
    /// The response went past what its <c>max_tokens</c> allows, or past the per-attempt deadline: reading
    /// stopped, the valid part is kept, and the call is not repeated.
    /// </summary>
    OutputLimit,
}
