using Keel.Core.Hooks;

namespace Keel.Core.Events;

/// <summary>A hook has something the user must see: a system message, a failure, a block or a stop.</summary>
public sealed record HookNotice(HookEvent Event, string Message) : AgentEvent;
