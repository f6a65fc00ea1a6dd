namespace Keel.Core.Compaction;

/// <summary>The words of the summary request and of the message that replaces the conversation.</summary>
public static class CompactionPrompt
{
    /// <summary>
    /// The first line of every summary request's instructions, whether they follow the conversation itself (the
    /// cache-sharing fork) or a rendering of it (tests recognise summary requests by it).
    /// </summary>
    public const string Opening = "Conversation compaction: write a handoff summary of the conversation so far.";

    /// <summary>System prompt of the fallback summary request, which sends a rendering of the conversation instead.</summary>
    public const string System =
        "You write handoff summaries of coding sessions. Another instance of the assistant will continue the work from your summary alone, without the original conversation, so leave out nothing it would need.";

    private const string Instructions = Opening + """

        Summarise the conversation above so the work can continue from your summary alone. Use these headings:

        1. Request: what the user asked for, including every later change of direction. Quote the user where the exact words matter.
        2. Decisions: the technical choices made, and why.
        3. Files: each file read, created or changed, with what matters about it (the change made, key names and lines).
        4. Errors and fixes: what went wrong and how it was resolved, including corrections from the user.
        5. Pending work: what was asked for and is not done yet.
        6. Current state: exactly what was being worked on at the end, and the next step if it was clear.

        Keep paths, names, commands and error messages exact. Do not call tools. Answer with the summary only.
        """;

    /// <summary>
    /// The directive of the cache-sharing summary request: the last user message after the conversation itself. The
    /// request keeps the session's system and tools (their bytes are the cached prefix), so it says not to use them.
    /// </summary>
    public static string Directive(string? focus) =>
        $"{Instructions}{FocusLine(focus)}\n\nThis request is only for the summary: the tools above are not available for it.";

    public static string Request(string renderedConversation, string? focus, bool truncated)
    {
        var omitted = truncated ? "(The oldest part of the conversation was left out to fit; summarise what is shown.)\n\n" : string.Empty;
        return $"<conversation>\n{renderedConversation}</conversation>\n\n{omitted}{Instructions}{FocusLine(focus)}";
    }

    private static string FocusLine(string? focus) =>
        string.IsNullOrWhiteSpace(focus) ? string.Empty : $"\n\nThe user asked the summary to focus on: {focus.Trim()}";

    public static string SummaryIntro(string summary) =>
        "This session continues an earlier conversation that grew too long for the context window. Summary of the earlier part:\n\n" + summary.Trim();

    public const string InstructionFilesNote =
        "Instruction files (KEEL.md, CLAUDE.md, AGENTS.md and their imports) are unchanged and still part of the system prompt.";

    public const string ContinueNote =
        "Continue from where the conversation left off, without asking the user to repeat anything. Files above may have changed since they were read; read them again before editing.";
}
