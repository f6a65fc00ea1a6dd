namespace Keel.Core.Sessions;

/// <summary>
/// Goes back to the conversation as it was right before the prompt <paramref name="PromptId"/> (one of
/// <see cref="Session.Prompts"/>); files stay as they are (<see cref="RewindFiles"/> restores them).
/// An unknown id changes nothing.
/// </summary>
public sealed record RewindConversation(string PromptId) : SessionOperation;
