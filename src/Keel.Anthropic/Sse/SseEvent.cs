using System.Buffers;
using System.Text;

namespace Keel.Anthropic.Sse;

/// <summary>
/// One dispatched server-sent event: its data as UTF-8 bytes (one piece, or segments for a huge event),
/// never decoded to a string unless asked. <see cref="EventName"/> is null when the stream sent no <c>event:</c> field.
/// </summary>
public sealed record SseEvent(string? EventName, ReadOnlySequence<byte> Utf8Data)
{
    public SseEvent(string? eventName, string data)
        : this(eventName, new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(data)))
    {
    }

    /// <summary>The pages a huge event's data is in, when its parser pages data; disposed by whoever maps the event.</summary>
    internal SseDataPages? Pages { get; init; }

    /// <summary>The data decoded (for tests, messages and small events; the Messages API mapper reads <see cref="Utf8Data"/> directly).</summary>
    public string Data => Utf8Data.IsSingleSegment ? Encoding.UTF8.GetString(Utf8Data.FirstSpan) : Encoding.UTF8.GetString(Utf8Data.ToArray());

    public bool Equals(SseEvent? other) =>
        other is not null && string.Equals(EventName, other.EventName, StringComparison.Ordinal) && Data == other.Data;

    public override int GetHashCode() => HashCode.Combine(EventName, Utf8Data.Length);
}
