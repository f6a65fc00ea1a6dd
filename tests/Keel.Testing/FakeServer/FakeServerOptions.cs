namespace Keel.Testing.FakeServer;

public sealed record FakeServerOptions
{
    /// <summary>0 picks a free port.</summary>
    public int Port { get; init; }

    /// <summary>Clock for scripted delays and stalls, and for request timestamps.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
