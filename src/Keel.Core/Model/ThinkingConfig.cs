namespace Keel.Core.Model;

/// <summary>Extended thinking settings; null budget means thinking is off.</summary>
public sealed record ThinkingConfig(int? BudgetTokens);
