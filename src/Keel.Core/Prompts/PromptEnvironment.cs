namespace Keel.Core.Prompts;

/// <summary>Facts about where Keel runs, for the dynamic part of the system prompt.</summary>
public sealed record PromptEnvironment(
    string WorkingDirectory,
    IReadOnlyList<string> AdditionalDirectories,
    bool IsGitRepository,
    string Platform,
    string Shell,
    DateOnly Today,
    string Model,
    IReadOnlyList<InstructionFile> InstructionFiles);
