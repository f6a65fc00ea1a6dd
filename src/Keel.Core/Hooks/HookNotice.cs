using Keel.Core.Agent;

namespace Keel.Core.Hooks;

/// <summary>A hook has something the user must see: a system message, a failure, a block or a stop.</summary>
public sealed record HookNotice(HookEvent Event, string Message) : AgentEvent;
