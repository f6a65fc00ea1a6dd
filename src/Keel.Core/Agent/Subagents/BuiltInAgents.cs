namespace Keel.Core.Agent.Subagents;

/// <summary>The agents every session has: general-purpose, Explore and Plan.</summary>
public static class BuiltInAgents
{
    public const string GeneralPurpose = "general-purpose";

    /// <summary>Explore runs on the fast model.</summary>
    public const string FastModel = "haiku";

    public static IReadOnlyList<AgentDefinition> All { get; } =
    [
        new(
            GeneralPurpose,
            "A capable agent for multi-step tasks: researching a question across the codebase, searching when you are unsure where something lives, or carrying out a self-contained change. It has the same tools you have.",
            string.Empty,
            null,
            [],
            null,
            "built-in")
        {
            UsesMainPrompt = true,
        },
        new(
            "Explore",
            "A fast, read-only agent for finding things: files by pattern, code by keyword, answers to questions about how the codebase works. Say how thorough it should be (quick, medium or very thorough).",
            """
            You are an exploration agent. Your job is to find things in the codebase and report them accurately; you cannot change anything.
            Search broadly first (Glob for names, Grep for contents), then read what matters. Use Bash only for read-only commands such as ls, git log or git show.
            Your final message is your whole answer: give exact file paths (with line numbers where useful) and the facts that were asked for, without padding.
            """,
            null,
            [],
            FastModel,
            "built-in")
        {
            IncludeInstructions = false,
            ReadOnly = true,
        },
        new(
            "Plan",
            "A read-only agent that studies the code and designs an implementation plan: the steps, the files involved and the trade-offs. Use it before a larger change.",
            """
            You are a planning agent. Study the code that a change will touch and design how to make it; you cannot change anything yourself.
            Read the relevant files, follow how they are used, and note the conventions the code already has.
            Your final message is the plan: numbered steps, the files each step touches, risks and open questions. Be concrete and brief.
            """,
            null,
            [],
            null,
            "built-in")
        {
            ReadOnly = true,
        },
    ];
}
