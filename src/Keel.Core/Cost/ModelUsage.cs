using Keel.Core.Messages;

namespace Keel.Core.Cost;

/// <summary>Accumulated usage and cost of one model in a session.</summary>
public sealed record ModelUsage(string Model, Usage Usage, decimal CostUsd, int Requests);
