namespace Keel.Core.Cost;

/// <summary>A model's limits and prices (USD per million tokens).</summary>
public sealed record ModelInfo(
    string Id,
    string DisplayName,
    int ContextWindow,
    int MaxOutputTokens,
    decimal InputPerMTok,
    decimal OutputPerMTok,
    decimal CacheWritePerMTok,
    decimal CacheReadPerMTok)
{
    /// <summary>Accepts <c>thinking: {type: adaptive}</c> with <c>output_config.effort</c>; older models need a fixed budget.</summary>
    public bool SupportsAdaptiveThinking { get; init; }
}
