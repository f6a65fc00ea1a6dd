namespace Keel.Core.Sessions;

/// <summary>
/// Stops what runs now: the running turn ends with <c>Aborted</c> (running tools get "interrupted" results,
/// waiting requests are cancelled), and the session stops waiting for background work. Queued turns still run.
/// </summary>
public sealed record Interrupt : SessionOperation;
