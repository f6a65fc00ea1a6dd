namespace Keel.Core.Agent.Subagents;

/// <summary>How a subagent ended: its final text, and what it cost.</summary>
public sealed record SubagentResult(
    string Text,
    bool IsError,
    int Turns,
    long TotalTokens,
    decimal CostUsd,
    TerminalReason Reason,
    string? TranscriptPath);
