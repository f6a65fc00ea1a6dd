using Keel.Core.Messages;

namespace Keel.Core.Sessions;

/// <summary>
/// A prompt the user sent, as a point to rewind to: its id (the transcript uuid of its user record, the SDK's
/// <c>user_message_id</c>), its text, and the conversation as it was right before it. Kept apart from the
/// messages because a prompt sent after an interrupted tool call shares a message with that call's result.
/// </summary>
/// <param name="Id">The prompt's id.</param>
/// <param name="Text">What the user typed (without attached context).</param>
/// <param name="Before">The conversation before the prompt.</param>
public sealed record PromptPoint(string Id, string Text, IReadOnlyList<Message> Before);
