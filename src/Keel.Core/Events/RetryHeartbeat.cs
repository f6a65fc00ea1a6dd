using Keel.Core.Model;

namespace Keel.Core.Events;

/// <summary>Unattended mode is still waiting to retry; sent every heartbeat interval of a long wait.</summary>
public sealed record RetryHeartbeat(int Attempt, TimeSpan Waited, TimeSpan Remaining, ModelError Error) : AgentEvent;
