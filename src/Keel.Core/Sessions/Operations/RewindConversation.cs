namespace Keel.Core.Sessions;

/// <summary>Goes back to the first <paramref name="KeepMessages"/> messages (Esc Esc: before an earlier prompt).</summary>
public sealed record RewindConversation(int KeepMessages) : SessionOperation;
