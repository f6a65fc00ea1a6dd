using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Core.Events;

public sealed record AssistantMessageCompleted(AssistantMessage Message) : AgentEvent;
