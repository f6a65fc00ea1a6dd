using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Core.Compaction;

/// <summary>What a summary request produced: the summary, or why there is none.</summary>
internal sealed record SummaryResult(string? Summary, Usage Usage, string Model, ModelError? Error, bool Cancelled = false);
