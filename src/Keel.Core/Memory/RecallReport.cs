namespace Keel.Core.Memory;

/// <summary>What one recall did: the prompt it was for, how many memories it could choose from, what it attached, or why nothing.</summary>
public sealed record RecallReport(string Prompt, int Offered, IReadOnlyList<MemoryEntry> Attached, string? Problem);
