using Keel.Core.Model;

namespace Keel.Anthropic.Wire;

/// <summary>
/// Turns the bytes of one streamed response into events, incrementally: chunks may split frames
/// anywhere. Bytes that are not the protocol (or an error frame) set <see cref="Failure"/>; the events
/// decoded before it are still added, so the caller sees them before it fails.
/// </summary>
public interface IStreamDecoder : IDisposable
{
    /// <summary>Decodes <paramref name="chunk"/> and adds every event it completes to <paramref name="events"/>.</summary>
    void Feed(ReadOnlySpan<byte> chunk, ICollection<ModelStreamEvent> events);

    /// <summary>The body ended: flushes anything still buffered.</summary>
    void Complete(ICollection<ModelStreamEvent> events);

    /// <summary>Set once the stream turned out broken; no more events follow.</summary>
    ModelCallException? Failure { get; }
}
