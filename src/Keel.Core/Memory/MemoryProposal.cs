namespace Keel.Core.Memory;

/// <summary>A memory the extraction proposes to write: a new file, or the complete new text of an existing one.</summary>
public sealed record MemoryProposal(string File, string Name, string Description, string Type, string Content);
