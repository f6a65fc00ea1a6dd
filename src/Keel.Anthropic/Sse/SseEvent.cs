namespace Keel.Anthropic.Sse;

/// <summary>One dispatched server-sent event. <see cref="EventName"/> is null when the stream sent no <c>event:</c> field.</summary>
public sealed record SseEvent(string? EventName, string Data);
