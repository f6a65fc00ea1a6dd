using Keel.Core.Messages;

namespace Keel.Core.Model;

/// <summary>
/// Everything one Messages API call needs. The client decides the wire form, including
/// cache breakpoints on the last tool and the last message. A background request (e.g. a
/// compaction summary) is not retried on 529 overloaded: nobody is waiting on it.
/// </summary>
public sealed record ModelRequest(
    string Model,
    IReadOnlyList<SystemBlock> System,
    IReadOnlyList<Message> Messages,
    IReadOnlyList<ToolDefinition> Tools,
    int MaxTokens,
    ThinkingConfig? Thinking = null,
    string? SessionId = null,
    bool IsBackground = false)
{
    /// <summary>Tools the API runs itself (e.g. web search), sent verbatim after <see cref="Tools"/>.</summary>
    public IReadOnlyList<System.Text.Json.JsonElement> ServerTools { get; init; } = [];

    /// <summary>
    /// False when the model does not take prompt caching: no <c>cache_control</c> marker is sent (not on the
    /// system blocks, the last tool or the newest message).
    /// </summary>
    public bool PromptCaching { get; init; } = true;

    /// <summary>
    /// How many leading tools the tools breakpoint covers (null: all). Tools loaded mid-session are appended after
    /// it, so the cached bytes up to the breakpoint stay the same.
    /// </summary>
    public int? CachedToolCount { get; init; }

    /// <summary>
    /// The cache lifetime of the static prefix (the tools and system breakpoints): <c>1h</c>, or null for the API's
    /// default five minutes. The newest-message breakpoint always uses the default.
    /// </summary>
    public string? CacheTtl { get; init; }
}
