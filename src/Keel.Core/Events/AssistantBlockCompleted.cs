using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Core.Events;

/// <summary>One content block finished streaming (stream-json writes one assistant line per block).</summary>
public sealed record AssistantBlockCompleted(string MessageId, string Model, ContentBlock Block, Usage Usage, string? RequestId) : AgentEvent;
