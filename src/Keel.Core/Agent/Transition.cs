namespace Keel.Core.Agent;

/// <summary>Why the loop made another model request (recorded on each state replacement).</summary>
public enum Transition
{
    /// <summary>The first request of a turn, for the user's message.</summary>
    UserInput,

    /// <summary>The model asked for tools; their results go back.</summary>
    ToolResults,

    /// <summary>The context ladder replaced the conversation (microcompact or a summary) before the request.</summary>
    Compacted,
}
