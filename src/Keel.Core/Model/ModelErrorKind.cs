namespace Keel.Core.Model;

public enum ModelErrorKind
{
    /// <summary>The server answered with a non-success HTTP status.</summary>
    Http,

    /// <summary>No connection, a reset, or the body ended before message_stop.</summary>
    Connection,

    /// <summary>No bytes arrived for longer than the idle limit.</summary>
    StreamIdle,

    /// <summary>An <c>error</c> event inside the stream.</summary>
    StreamError,

    /// <summary>The server sent something that is not the Messages protocol.</summary>
    Protocol,

    /// <summary>No API key or token is configured.</summary>
    Authentication,
}
