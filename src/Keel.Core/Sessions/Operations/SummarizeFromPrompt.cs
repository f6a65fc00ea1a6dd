namespace Keel.Core.Sessions;

/// <summary>
/// Rewind's "summarise from here": keeps the conversation before the prompt <paramref name="PromptId"/> and
/// replaces the prompt and everything after it with a summary (a compaction of the later part). Files stay.
/// </summary>
public sealed record SummarizeFromPrompt(string PromptId) : SessionOperation;
