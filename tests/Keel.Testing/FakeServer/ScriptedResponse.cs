namespace Keel.Testing.FakeServer;

/// <summary>
/// One scripted answer to one <c>POST /v1/messages</c>: either a streamed <see cref="Turn"/> or an
/// HTTP error (<see cref="ErrorResponse"/>). Instances are not changed by serving, so one can be
/// served many times (a fallback, a repeated scenario).
/// </summary>
public abstract class ScriptedResponse
{
    private readonly List<KeyValuePair<string, string>> _headers = [];

    /// <summary>Extra response headers (e.g. <c>retry-after-ms</c>, <c>x-should-retry</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers => _headers;

    /// <summary>Time to wait before the response headers are sent.</summary>
    public TimeSpan HeaderDelay { get; private set; }

    /// <summary>Completes when the response may be sent (a test holds a request open until it has checked something); null: at once.</summary>
    public Task? Gate { get; private set; }

    /// <summary>Holds the response (before its headers) until <paramref name="gate"/> completes or the client hangs up.</summary>
    public ScriptedResponse After(Task gate)
    {
        Gate = gate;
        return this;
    }

    protected void AddHeader(string name, string value) => _headers.Add(new(name, value));

    protected void SetHeaderDelay(TimeSpan delay) => HeaderDelay = delay;

    internal abstract Task ServeAsync(ResponseContext context);
}
