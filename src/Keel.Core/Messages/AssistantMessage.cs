namespace Keel.Core.Messages;

/// <summary>A complete assistant response with the metadata the API sent alongside it.</summary>
public sealed record AssistantMessage(
    string Id,
    string Model,
    Message Message,
    string? StopReason,
    string? StopSequence,
    Usage Usage,
    string? RequestId);
