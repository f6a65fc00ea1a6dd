using Keel.Core.Messages;

namespace Keel.Core.Agent.Subagents;

/// <summary>
/// A fork of a conversation (a <c>context: fork</c> skill): it sends the parent's exact options (model, system, tools,
/// cache markers) and messages, with its directive as the last user message, so the provider reads the parent's
/// cached prefix instead of writing a new one. Tools the fork must not call stay in its definitions (changing them
/// would change the bytes) and are refused when called.
/// </summary>
/// <param name="Options">The parent's options as of the fork (<see cref="AgentLoop.ForkOptions"/>).</param>
/// <param name="Messages">The parent's conversation as of the fork.</param>
public sealed record ConversationFork(AgentOptions Options, IReadOnlyList<Message> Messages)
{
    /// <summary>What a tool call of the parent that is still running reads in the fork's copy of the conversation.</summary>
    public const string PendingResult = "(This call is still running in the main conversation; its result is not part of this fork.)";

    /// <summary>
    /// The fork's first message: results for the parent's calls still open (the fork started from one of them), then
    /// the directive.
    /// </summary>
    public Message FirstMessage(string directive) => Continuation(Messages, directive);

    /// <summary>
    /// The conversation a one-request fork (a compaction summary, a side question) sends: <paramref name="messages"/>
    /// with <paramref name="directive"/> last. A trailing user message takes the directive as one more block (roles
    /// must alternate); otherwise a user message follows, answering any calls the last assistant message left open.
    /// </summary>
    public static IReadOnlyList<Message> WithDirective(IReadOnlyList<Message> messages, string directive)
    {
        if (messages.Count > 0 && messages[^1].Role == Role.User)
        {
            var last = messages[^1];
            return [.. messages.Take(messages.Count - 1), last with { Content = [.. last.Content, new TextBlock(directive)] }];
        }

        return [.. messages, Continuation(messages, directive)];
    }

    private static Message Continuation(IReadOnlyList<Message> messages, string directive)
    {
        List<ContentBlock> content = [];
        if (messages.Count > 0 && messages[^1].Role == Role.Assistant)
        {
            content.AddRange(messages[^1].ToolUses.Select(static use => (ContentBlock)new ToolResultBlock(use.Id, [new TextBlock(PendingResult)], false)));
        }

        content.Add(new TextBlock(directive));
        return new Message(Role.User, content);
    }
}
