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

    /// <summary>The part of <see cref="CacheCreationInputTokens"/> written with the one-hour lifetime (priced higher).</summary>
    public long CacheCreation1hInputTokens { get; init; }

    public long TotalInputTokens => InputTokens + CacheCreationInputTokens + CacheReadInputTokens;

    public Usage Add(Usage other) => new(
        InputTokens + other.InputTokens,
        OutputTokens + other.OutputTokens,
        CacheCreationInputTokens + other.CacheCreationInputTokens,
        CacheReadInputTokens + other.CacheReadInputTokens)
    {
        WebSearchRequests = WebSearchRequests + other.WebSearchRequests,
        CacheCreation1hInputTokens = CacheCreation1hInputTokens + other.CacheCreation1hInputTokens,
    };
}
