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

    /// <summary>Can call tools (function calling). A model without it answers without tools.</summary>
    public bool SupportsTools { get; init; } = true;

    /// <summary>May call several tools in one turn.</summary>
    public bool SupportsParallelTools { get; init; } = true;

    /// <summary>Extended thinking / reasoning effort; off for the model when false.</summary>
    public bool SupportsThinking { get; init; } = true;

    /// <summary>Takes a fixed thinking budget (<c>thinking.type: enabled</c>); newer models take only adaptive thinking.</summary>
    public bool SupportsThinkingBudget { get; init; } = true;

    /// <summary>Its server knows the <c>parallel_tool_calls</c> parameter (sent only to turn parallel calls off).</summary>
    public bool AcceptsParallelToolCallsParameter { get; init; } = true;

    /// <summary>Accepts image input; images are described in text for a model without it.</summary>
    public bool SupportsImages { get; init; } = true;

    /// <summary>Prompt caching (cache breakpoints, cached-token accounting).</summary>
    public bool SupportsPromptCaching { get; init; } = true;

    /// <summary>The provider that serves it, for /model and /cost ("anthropic" for the built-in table).</summary>
    public string Provider { get; init; } = "anthropic";

    /// <summary>True for rows added at run time (providers in settings, <c>modelCapabilities</c>) rather than the built-in table.</summary>
    public bool IsConfigured { get; init; }
}
