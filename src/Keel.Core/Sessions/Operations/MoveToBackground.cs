namespace Keel.Core.Sessions;

/// <summary>
/// Ctrl+B: a running Bash call goes on in the background (its tool call ends with the task's id, the model carries
/// on) instead of holding up the turn. Nothing happens when no such call runs.
/// </summary>
public sealed record MoveToBackground : SessionOperation;
