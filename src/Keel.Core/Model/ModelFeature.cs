namespace Keel.Core.Model;

/// <summary>A feature of a request that some models refuse; a server's refusal names one (<see cref="ModelError.UnsupportedFeature"/>).</summary>
public enum ModelFeature
{
    /// <summary>Tool (function) definitions and tool calls.</summary>
    Tools,

    /// <summary>Several tool calls in one response.</summary>
    ParallelTools,

    /// <summary>Extended thinking / reasoning effort.</summary>
    Thinking,

    /// <summary>Image input.</summary>
    Images,
}
