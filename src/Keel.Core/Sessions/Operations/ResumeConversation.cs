using Keel.Core.Messages;

namespace Keel.Core.Sessions;

/// <summary>Continues <paramref name="Messages"/> (another session's conversation, <c>/resume</c>); new turns are saved in this session.</summary>
public sealed record ResumeConversation(IReadOnlyList<Message> Messages, string FromSessionId) : SessionOperation;
