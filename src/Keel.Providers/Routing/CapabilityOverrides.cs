namespace Keel.Providers.Routing;

/// <summary>Feature switches from settings; null leaves the table's value.</summary>
public sealed record CapabilityOverrides(bool? Tools, bool? ParallelTools, bool? Thinking, bool? Images, bool? Caching)
{
    public static readonly CapabilityOverrides None = new(Tools: null, ParallelTools: null, Thinking: null, Images: null, Caching: null);

    /// <summary>Later values win where set.</summary>
    public CapabilityOverrides Then(CapabilityOverrides later) => new(
        later.Tools ?? Tools,
        later.ParallelTools ?? ParallelTools,
        later.Thinking ?? Thinking,
        later.Images ?? Images,
        later.Caching ?? Caching);
}
