namespace Keel.Core.Compaction;

/// <summary>The words of the summary request and of the message that replaces the conversation.</summary>
public static class CompactionPrompt
{
    /// <summary>System prompt of the summary request (tests recognise summary requests by it).</summary>
    public const string System =
        "You write handoff summaries of coding sessions. Another instance of the assistant will continue the work from your summary alone, without the original conversation, so leave out nothing it would need.";

    private const string Instructions = """
        Summarise the conversation above so the work can continue from your summary alone. Use these headings:

        1. Request: what the user asked for, including every later change of direction. Quote the user where the exact words matter.
        2. Decisions: the technical choices made, and why.
        3. Files: each file read, created or changed, with what matters about it (the change made, key names and lines).
        4. Errors and fixes: what went wrong and how it was resolved, including corrections from the user.
        5. Pending work: what was asked for and is not done yet.
        6. Current state: exactly what was being worked on at the end, and the next step if it was clear.

        Keep paths, names, commands and error messages exact. Do not call tools. Answer with the summary only.
        """;

    public static string Request(string renderedConversation, string? focus, bool truncated)
    {
        var omitted = truncated ? "(The oldest part of the conversation was left out to fit; summarise what is shown.)\n\n" : string.Empty;
        var focusLine = string.IsNullOrWhiteSpace(focus) ? string.Empty : $"\n\nThe user asked the summary to focus on: {focus.Trim()}";
        return $"<conversation>\n{renderedConversation}</conversation>\n\n{omitted}{Instructions}{focusLine}";
    }

    public static string SummaryIntro(string summary) =>
        "This session continues an earlier conversation that grew too long for the context window. Summary of the earlier part:\n\n" + summary.Trim();

    public const string InstructionFilesNote =
        "Instruction files (KEEL.md, CLAUDE.md, AGENTS.md and their imports) are unchanged and still part of the system prompt.";

    public const string ContinueNote =
        "Continue from where the conversation left off, without asking the user to repeat anything. Files above may have changed since they were read; read them again before editing.";
}
