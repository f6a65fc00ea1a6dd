using Keel.Core.Tools;

namespace Keel.Core.Events;

public sealed record ToolProgressed(ToolProgress Progress) : AgentEvent;
