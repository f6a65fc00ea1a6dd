namespace Keel.Core.Prompts;

/// <summary>Facts about where Keel runs, for the dynamic part of the system prompt.</summary>
/// <param name="Git">The repository summary, or null outside a git repository.</param>
/// <param name="Memory">The memory section (what memory is, how to save, the MEMORY.md indexes), or null when auto memory is off.</param>
public sealed record PromptEnvironment(
    string WorkingDirectory,
    IReadOnlyList<string> AdditionalDirectories,
    GitSummary? Git,
    string Platform,
    string Shell,
    DateOnly Today,
    string Model,
    IReadOnlyList<InstructionFile> InstructionFiles,
    string? Memory = null);
