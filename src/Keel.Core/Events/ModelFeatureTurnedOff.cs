using Keel.Core.Model;

namespace Keel.Core.Events;

/// <summary>
/// The server refused a feature of the request for <see cref="Model"/>, so it is left out for the rest of the
/// session and the request is sent again without it. Said once per model and feature.
/// </summary>
public sealed record ModelFeatureTurnedOff(string Model, ModelFeature Feature, ModelError Error) : AgentEvent
{
    /// <summary>The line the user reads: what was turned off and the setting that turns it back on.</summary>
    public string Message => Feature switch
    {
        ModelFeature.Tools => $"{Model} does not support tools; it continues without them (set modelCapabilities.\"{Model}\".tools to true if it does).",
        ModelFeature.ParallelTools => $"{Model} does not support parallel tool calls; they are turned off (set modelCapabilities.\"{Model}\".parallelTools to true if it does).",
        ModelFeature.Thinking => $"{Model} does not support thinking; it continues without (set modelCapabilities.\"{Model}\".thinking to true if it does).",
        ModelFeature.AdaptiveThinking => $"{Model} does not take adaptive thinking with an effort level; it gets a fixed thinking budget instead.",
        ModelFeature.ThinkingBudget => $"{Model} takes only adaptive thinking; the thinking budget is sent as the matching effort level instead.",
        ModelFeature.ParallelToolCallsParameter => $"The server of {Model} does not accept the parallel_tool_calls parameter; it is no longer sent.",
        _ => $"{Model} does not accept images; they are described to it in text (set modelCapabilities.\"{Model}\".images to true if it does).",
    };
}
