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

    /// <summary>Adaptive thinking with an effort level (<c>output_config.effort</c>); a fixed thinking budget is sent instead.</summary>
    AdaptiveThinking,

    /// <summary>A fixed thinking budget (<c>thinking.type: enabled</c>); adaptive thinking at the matching effort is sent instead.</summary>
    ThinkingBudget,

    /// <summary>The <c>parallel_tool_calls</c> request parameter itself (the server does not know it); it is no longer sent.</summary>
    ParallelToolCallsParameter,
}
