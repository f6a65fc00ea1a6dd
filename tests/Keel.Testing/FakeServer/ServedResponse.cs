namespace Keel.Testing.FakeServer;

/// <summary>What the fake server sent back for one request.</summary>
public sealed record ServedResponse(
    int Status,
    string? MessageId,
    IReadOnlyList<ServedThinking> Thinking,
    IReadOnlyList<string> ToolUseIds,
    bool Completed)
{
    /// <summary>A 200 stream that ran to <c>message_stop</c> without an injected fault.</summary>
    public bool IsCompleteTurn => Status == 200 && Completed;
}
