namespace Keel.Core.Memory;

/// <summary>One background extraction: the memory files it wrote, what it cost, and what went wrong (null: nothing).</summary>
public sealed record ExtractionReport(IReadOnlyList<string> Written, decimal CostUsd, string? Error, DateTimeOffset FinishedAt);
