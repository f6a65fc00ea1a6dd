namespace Keel.Core.Agent;

/// <summary>The words of a side question (<c>/btw</c>): the directive after the conversation, and the refusal of a tool call.</summary>
public static class SideQuestionPrompt
{
    /// <summary>The first line of every side question's directive (tests recognise side questions by it).</summary>
    public const string Opening = "Side question from the user, asked beside the work rather than as the next step of it.";

    /// <summary>What a tool call made while answering a side question gets back.</summary>
    public const string Refusal = "is not available while answering a side question: answer from what the conversation already shows";

    public static string Directive(string question) =>
        $"""
        {Opening}
        Answer it briefly from what this conversation already shows. Do not call tools (none are available for it) and do not go on with the work; the question and your answer will not be part of the conversation.

        Question: {question.Trim()}
        """;
}
