namespace Keel.Core.Sessions;

/// <summary>Starts a fresh conversation (<c>/clear</c>); the session, its settings and its cost go on.</summary>
public sealed record ClearConversation : SessionOperation;
