using Keel.Core.Model;

namespace Keel.Core.Events;

/// <summary>A raw stream event, for surfaces that pass partial messages through.</summary>
public sealed record StreamEventReceived(ModelStreamEvent Event) : AgentEvent;
