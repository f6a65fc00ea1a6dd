using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Keel.Tools.Agents;

/// <summary>The Agent tool's input as the model sends it.</summary>
internal sealed record AgentInput(
    [property: JsonPropertyName("description")]
    [property: Description("A short (3-5 word) description of the task, shown to the user.")]
    string Description,
    [property: JsonPropertyName("prompt")]
    [property: Description("The complete task for the agent. It sees nothing of this conversation, so include every fact, path and constraint it needs and say what its final answer should contain.")]
    string Prompt,
    [property: JsonPropertyName("subagent_type")]
    [property: Description("Which agent to use; one of the types listed in the description.")]
    string? SubagentType = null,
    [property: JsonPropertyName("model")]
    [property: Description("Optional model for this agent (sonnet, opus, haiku or a model id); by default the model of the agent type, else yours.")]
    string? Model = null,
    [property: JsonPropertyName("run_in_background")]
    [property: Description("Set to true to return at once; the result of the agent arrives later as a message.")]
    bool? RunInBackground = null,
    [property: JsonPropertyName("isolation")]
    [property: Description("Set to \"worktree\" to run the agent in its own new git worktree (a separate checkout on a new branch), so its edits cannot collide with yours or other agents'. The result names the branch and what changed.")]
    string? Isolation = null);
