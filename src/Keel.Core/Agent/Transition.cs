namespace Keel.Core.Agent;

/// <summary>Why the loop made another model request (recorded on each state replacement).</summary>
public enum Transition
{
    /// <summary>The first request of a turn, for the user's message.</summary>
    UserInput,

    /// <summary>The model asked for tools; their results go back.</summary>
    ToolResults,

    /// <summary>The response stopped at max_tokens; the same request goes again with a higher output cap.</summary>
    MaxTokensEscalated,

    /// <summary>The response stopped at max_tokens again; the partial answer is kept and the model is asked to go on.</summary>
    MaxTokensContinuation,

    /// <summary>The model was overloaded and the turn went on with the fallback model.</summary>
    ModelFallback,
    /// <summary>The context ladder replaced the conversation (microcompact or a summary) before the request.</summary>
    Compacted,

    /// <summary>The model ended its response with part of the prompt's token budget unused, so it was nudged to go on.</summary>
    TokenBudgetContinuation,

    /// <summary>A Stop hook blocked the end of the turn; its reason went to the model as a new message.</summary>
    StopHookContinuation,
}
