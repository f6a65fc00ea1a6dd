using System.Text;

namespace Keel.Anthropic.Sse;

/// <summary>
/// One dispatched server-sent event: its data as UTF-8 bytes, never decoded to a string unless asked.
/// <see cref="EventName"/> is null when the stream sent no <c>event:</c> field.
/// </summary>
public sealed record SseEvent(string? EventName, ReadOnlyMemory<byte> Utf8Data)
{
    public SseEvent(string? eventName, string data)
        : this(eventName, Encoding.UTF8.GetBytes(data))
    {
    }

    /// <summary>The data decoded (for tests and messages; the client maps <see cref="Utf8Data"/> directly).</summary>
    public string Data => Encoding.UTF8.GetString(Utf8Data.Span);

    public bool Equals(SseEvent? other) =>
        other is not null && string.Equals(EventName, other.EventName, StringComparison.Ordinal) && Utf8Data.Span.SequenceEqual(other.Utf8Data.Span);

    public override int GetHashCode() => HashCode.Combine(EventName, Utf8Data.Length);
}
