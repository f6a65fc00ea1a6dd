namespace Keel.Core.Prompts;

/// <summary>An instruction file (AGENTS.md, CLAUDE.md, KEEL.md) and its text.</summary>
public sealed record InstructionFile(string Path, string Content);
