namespace Keel.Core.Prompts;

/// <summary>What instruction discovery found at the start of a session.</summary>
/// <param name="Files">Loaded now, into the system prompt.</param>
/// <param name="ConditionalRules">Rules with <c>paths:</c> globs, attached when a tool works on a matching file.</param>
public sealed record InstructionSet(IReadOnlyList<InstructionFile> Files, IReadOnlyList<InstructionRule> ConditionalRules);
