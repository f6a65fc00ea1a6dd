using Keel.Core.Messages;
using Keel.Core.Sessions;

namespace Keel.Core.Agent;

/// <summary>What an interactive surface changes between turns: the conversation (/clear, rewind, /resume) and the model (/model).</summary>
public sealed partial class AgentLoop
{
    /// <summary>The inputs every request is built from (system prompt, tools), e.g. for /context.</summary>
    public AgentOptions Options => _options;

    /// <summary>Replaces the conversation between turns; the next turn starts from <paramref name="messages"/>.</summary>
    public void ReplaceConversation(IReadOnlyList<Message> messages)
    {
        _carriedText = string.Empty;
        _runner.Session.Reads.ForgetDelivered();
        Commit(new LoopState(messages, 0, Transition.UserInput));
    }

    /// <summary>
    /// Replaces the conversation because the user asked (<c>/clear</c>, rewind, <c>/resume</c>) and records
    /// that in the transcript, so <c>--continue</c> later restores this conversation and not the old one.
    /// </summary>
    public void ReplaceConversation(ConversationReset reset)
    {
        ReplaceConversation(reset.Messages);
        _recorder.RecordConversationReset(reset);
    }
}
