using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;

namespace Keel.Testing.FakeServer;

/// <summary>What a scripted response needs to answer one request.</summary>
internal sealed class ResponseContext(
    HttpContext http,
    RecordedRequest request,
    FakeAnthropicServer server,
    TimeProvider time,
    CancellationToken cancellation)
{
    public HttpContext Http { get; } = http;

    public RecordedRequest Request { get; } = request;

    public TimeProvider Time { get; } = time;

    /// <summary>Fires when the client goes away or the server stops.</summary>
    public CancellationToken Cancellation { get; } = cancellation;

    public string NextMessageId() => server.NextId("msg_fake_");

    public bool ReportsCacheUse => server.ReportCacheUse;

    public string NextToolUseId() => server.NextId("toolu_fake_");

    public void ApplyHeaders(ScriptedResponse response)
    {
        foreach (var (name, value) in response.Headers)
        {
            Http.Response.Headers[name] = value;
        }
    }

    /// <summary>Ends the connection after what was flushed so far; the client sees an incomplete body.</summary>
    public async Task CutConnectionAsync()
    {
        var cutter = ConnectionCutter.Find(Http.Features.Get<IConnectionItemsFeature>()?.Items);
        if (cutter is null)
        {
            throw new InvalidOperationException("DEBUG no cutter");
        }

        await cutter.CutAsync();

        // Returning now would let Kestrel end the response and abort the socket before the queued
        // bytes leave; the client closes its side once it sees the connection end.
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, Cancellation);
        }
        catch (OperationCanceledException)
        {
            // Expected: the client hung up or the server is stopping.
        }
    }

    /// <summary>Waits, returning false when the wait was cut short by the client or the server stopping.</summary>
    public async Task<bool> DelayAsync(TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            return true;
        }

        try
        {
            await Task.Delay(delay, Time, Cancellation);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
