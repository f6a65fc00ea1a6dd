namespace Keel.Testing.FakeServer;

/// <summary>One element of a scripted turn, streamed in order.</summary>
internal abstract record TurnPart;

internal sealed record TextPart(string Text) : TurnPart;

internal sealed record ThinkingPart(string Thinking, string Signature) : TurnPart;

internal sealed record RedactedThinkingPart(string Data) : TurnPart;

/// <summary>Tool input as raw JSON text, possibly malformed on purpose.</summary>
internal sealed record ToolUsePart(string Name, string InputJson, string? Id) : TurnPart
{
    /// <summary>
    /// Set for a call of a custom (freeform) tool, whose input is plain text: the Responses API streams it as a
    /// <c>custom_tool_call</c>; the other protocols, which have no such tools, get <see cref="InputJson"/> (<c>{"input": text}</c>).
    /// </summary>
    public string? CustomInput { get; init; }
}

/// <summary>A content block of any type, sent verbatim in <c>content_block_start</c>.</summary>
internal sealed record RawBlockPart(string BlockJson) : TurnPart;

/// <summary>An SSE event of any name, sent between blocks.</summary>
internal sealed record RawEventPart(string EventName, string DataJson) : TurnPart;

/// <summary>A server_tool_use block (e.g. web_search); its input streams as input_json_delta like a tool_use's.</summary>
internal sealed record ServerToolUsePart(string Name, string InputJson, string Id) : TurnPart;

/// <summary>A text block whose deltas never stop: <see cref="ChunkChars"/> characters each, until the client hangs up.</summary>
internal sealed record EndlessTextPart(int ChunkChars) : TurnPart;

/// <summary>Sends nothing until <see cref="Gate"/> completes: holds the rest of the response at this point (Messages API only).</summary>
internal sealed record WaitPart(Func<Task> Gate) : TurnPart;
