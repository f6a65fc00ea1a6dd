using System.Buffers;
using System.Text;
using Keel.Core.Messages;

namespace Keel.Core.Model;

/// <summary>
/// A server-sent event of the Messages streaming protocol. <see cref="RawUtf8"/> holds the event's
/// JSON as received, for surfaces that pass raw events through; <see cref="Raw"/> decodes it only when
/// someone asks, so a huge delta is not held twice.
/// </summary>
public abstract record ModelStreamEvent
{
    private string? _raw;

    /// <summary>The event's JSON as received, as UTF-8; empty when the provider keeps none.</summary>
    public ReadOnlySequence<byte> RawUtf8 { get; init; }

    /// <summary>
    /// The event came as JSON that was not kept (a huge delta, decoded in place to save memory): a surface that
    /// passes raw events through writes it from the event's fields instead.
    /// </summary>
    public bool RawFromFields { get; init; }

    public string? Raw
    {
        get => _raw ??= RawUtf8.IsEmpty ? null : Encoding.UTF8.GetString(RawUtf8);
        init => _raw = value;
    }

    /// <summary>Events are equal by type, fields and raw text, however the raw text is held.</summary>
    public virtual bool Equals(ModelStreamEvent? other) =>
        other is not null && EqualityContract == other.EqualityContract && string.Equals(Raw, other.Raw, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(EqualityContract, Raw);
}

public sealed record MessageStartEvent(string Id, string Model, Usage Usage) : ModelStreamEvent;

/// <summary>A block opens; <see cref="Block"/> carries its initial fields (empty text, tool id and name...).</summary>
public sealed record ContentBlockStartEvent(int Index, ContentBlock Block) : ModelStreamEvent;

public sealed record ContentBlockDeltaEvent(int Index, ContentDelta Delta) : ModelStreamEvent;

public sealed record ContentBlockStopEvent(int Index) : ModelStreamEvent;

/// <summary>Top-level changes near the end; usage here is cumulative output usage.</summary>
public sealed record MessageDeltaEvent(string? StopReason, string? StopSequence, Usage? Usage) : ModelStreamEvent;

public sealed record MessageStopEvent : ModelStreamEvent;

public sealed record PingEvent : ModelStreamEvent;

/// <summary>An <c>error</c> event inside an otherwise successful stream.</summary>
public sealed record StreamErrorEvent(string ErrorType, string Message) : ModelStreamEvent;

/// <summary>An event type this build does not know; skipped by the accumulator.</summary>
public sealed record UnknownStreamEvent(string EventType) : ModelStreamEvent;

/// <summary>Sent by the client (not the server) when the HTTP response arrives.</summary>
public sealed record ResponseStartedEvent(string? RequestId) : ModelStreamEvent;
