namespace Keel.Providers.Routing;

/// <summary>USD per million tokens, as given in settings (<c>prices: {input, output, cacheRead, cacheWrite}</c>).</summary>
public sealed record ModelPrices(decimal Input, decimal Output, decimal CacheRead, decimal CacheWrite)
{
    public static readonly ModelPrices Free = new(0, 0, 0, 0);
}
