using Keel.Core.Model;
using Keel.Core.Tools;

namespace Keel.Core.Agent;

/// <summary>The immutable inputs of a session's turns: model, tools, system prompt, limits.</summary>
public sealed record AgentOptions(
    string Model,
    IReadOnlyList<ITool> Tools,
    IReadOnlyList<SystemBlock> System,
    int MaxTokens,
    int? MaxTurns = null,
    ThinkingConfig? Thinking = null);
