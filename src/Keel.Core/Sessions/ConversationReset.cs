using Keel.Core.Messages;

namespace Keel.Core.Sessions;

/// <summary>
/// The user replaced the conversation between turns: <c>/clear</c> (nothing kept), a rewind (the
/// messages before the chosen prompt) or <c>/resume</c> (another session's messages). Recorded in the
/// transcript so <c>--continue</c>/<c>--resume</c> restore exactly what the user last saw.
/// </summary>
/// <param name="Reason">One of <see cref="Clear"/>, <see cref="Rewind"/>, <see cref="Resume"/>.</param>
/// <param name="Messages">The conversation from now on.</param>
/// <param name="ResumedFrom">For a resume: the session the messages came from.</param>
public sealed record ConversationReset(string Reason, IReadOnlyList<Message> Messages, string? ResumedFrom = null)
{
    public const string Clear = "clear";
    public const string Rewind = "rewind";
    public const string Resume = "resume";

    /// <summary>For a rewind: the prompt the conversation went back to before.</summary>
    public string? PromptId { get; init; }
}
