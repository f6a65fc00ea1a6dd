namespace Keel.Core.Sessions;

/// <summary>Summarises the conversation now (<c>/compact [focus]</c>); ends with a <see cref="TurnFinished"/> of kind <see cref="TurnKind.Compact"/>.</summary>
public sealed record CompactConversation(string? Focus = null) : SessionOperation;
