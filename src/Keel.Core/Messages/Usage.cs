namespace Keel.Core.Messages;

/// <summary>Token usage as the Messages API reports it.</summary>
public sealed record Usage(
    long InputTokens,
    long OutputTokens,
    long CacheCreationInputTokens,
    long CacheReadInputTokens)
{
    public static readonly Usage Zero = new(0, 0, 0, 0);

    /// <summary>Server-side web searches the request ran (billed per search).</summary>
    public long WebSearchRequests { get; init; }

    public long TotalInputTokens => InputTokens + CacheCreationInputTokens + CacheReadInputTokens;

    public Usage Add(Usage other) => new(
        InputTokens + other.InputTokens,
        OutputTokens + other.OutputTokens,
        CacheCreationInputTokens + other.CacheCreationInputTokens,
        CacheReadInputTokens + other.CacheReadInputTokens)
    {
        WebSearchRequests = WebSearchRequests + other.WebSearchRequests,
    };
}
