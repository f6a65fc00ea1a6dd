namespace Keel.Core.Messages;

/// <summary>One web search result: where it is and what it is called.</summary>
public sealed record WebSearchHit(string Title, string Url, string? PageAge);
