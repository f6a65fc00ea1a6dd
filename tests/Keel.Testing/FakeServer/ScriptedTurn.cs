namespace Keel.Testing.FakeServer;

/// <summary>
/// A scripted assistant message streamed as Messages API server-sent events. Build it fluently:
/// <c>Turn.Create().Thinking("hmm", "sig").Text("Reading.").ToolUse("Read", """{"file_path":"a.txt"}""")</c>
/// (start from <see cref="Turn"/>).
/// Text, thinking and tool input JSON are split into deltas of <see cref="ChunkSizeValue"/> characters.
/// </summary>
public sealed class ScriptedTurn : ScriptedResponse
{
    private readonly List<TurnPart> _parts = [];
    private long _endlessCharsSent;

    internal IReadOnlyList<TurnPart> Parts => _parts;

    internal string? StopReasonValue { get; private set; }

    internal string? ModelValue { get; private set; }

    internal string? MessageIdValue { get; private set; }

    internal TurnUsage? UsageValue { get; private set; }

    internal int ChunkSizeValue { get; private set; } = 16;

    internal bool PingsValue { get; private set; } = true;

    /// <summary>Events to send before the connection is aborted; null = no cut.</summary>
    internal int? CutAfter { get; private set; }

    internal int? StallAfter { get; private set; }

    internal TimeSpan StallDuration { get; private set; }

    internal int? KeepAliveAfter { get; private set; }

    internal TimeSpan KeepAliveInterval { get; private set; }

    internal int? ErrorAfter { get; private set; }

    internal string ErrorType { get; private set; } = "overloaded_error";

    internal string ErrorMessage { get; private set; } = "Overloaded";

    /// <summary>Adds a text block.</summary>
    public ScriptedTurn Text(string text) => Add(new TextPart(text));

    /// <summary>Adds a tool_use block; <paramref name="inputJson"/> is streamed verbatim as input_json_delta chunks.</summary>
    public ScriptedTurn ToolUse(string name, string inputJson, string? id = null) => Add(new ToolUsePart(name, inputJson, id));

    /// <summary>
    /// A call of a custom (freeform) tool such as a patch tool, whose input is plain text (Responses API
    /// <c>custom_tool_call</c>); other protocols see a tool_use with input <c>{"input": text}</c>.
    /// </summary>
    public ScriptedTurn CustomToolCall(string name, string input, string? id = null) =>
        Add(new ToolUsePart(name, new System.Text.Json.Nodes.JsonObject { ["input"] = input }.ToJsonString(), id) { CustomInput = input });

    /// <summary>A server-side tool call the API ran itself (stop reason stays end_turn).</summary>
    public ScriptedTurn ServerToolUse(string name, string inputJson, string id) => Add(new ServerToolUsePart(name, inputJson, id));

    /// <summary>A <c>web_search_tool_result</c> block with the given (title, url) results for <paramref name="toolUseId"/>.</summary>
    public ScriptedTurn WebSearchResult(string toolUseId, params (string Title, string Url)[] results)
    {
        var block = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "web_search_tool_result",
            ["tool_use_id"] = toolUseId,
            ["content"] = new System.Text.Json.Nodes.JsonArray([.. results.Select(static r => (System.Text.Json.Nodes.JsonNode)new System.Text.Json.Nodes.JsonObject
            {
                ["type"] = "web_search_result",
                ["title"] = r.Title,
                ["url"] = r.Url,
                ["encrypted_content"] = "enc-" + r.Url.Length,
                ["page_age"] = null,
            })]),
        };
        return Add(new RawBlockPart(block.ToJsonString()));
    }

    /// <summary>A <c>web_search_tool_result</c> error block (e.g. <c>max_uses_exceeded</c>).</summary>
    public ScriptedTurn WebSearchError(string toolUseId, string errorCode) =>
        Add(new RawBlockPart("{\"type\":\"web_search_tool_result\",\"tool_use_id\":\"" + toolUseId + "\",\"content\":{\"type\":\"web_search_tool_result_error\",\"error_code\":\"" + errorCode + "\"}}"));

    public ScriptedTurn Thinking(string thinking, string signature) => Add(new ThinkingPart(thinking, signature));

    public ScriptedTurn RedactedThinking(string data) => Add(new RedactedThinkingPart(data));

    /// <summary>A block of a type clients may not know, e.g. <c>{"type":"fancy_block","x":1}</c>.</summary>
    public ScriptedTurn RawBlock(string blockJson) => Add(new RawBlockPart(blockJson));

    /// <summary>
    /// A text block that never ends: deltas of <paramref name="chunkChars"/> characters, as fast as the
    /// client reads, until it hangs up (no content_block_stop, no message_stop). <see cref="EndlessCharsSent"/> counts them.
    /// </summary>
    public ScriptedTurn EndlessText(int chunkChars = 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkChars, 1);
        return Add(new EndlessTextPart(chunkChars));
    }

    /// <summary>Characters of endless text written to the client so far.</summary>
    public long EndlessCharsSent => Interlocked.Read(ref _endlessCharsSent);

    internal void CountEndless(int chars) => Interlocked.Add(ref _endlessCharsSent, chars);

    /// <summary>
    /// Holds the rest of the response (for example its message_delta and message_stop, after the last block) until
    /// <paramref name="gate"/> completes: a test lets the response end only once it saw what Keel did meanwhile.
    /// Messages API only.
    /// </summary>
    public ScriptedTurn WaitFor(Func<Task> gate) => Add(new WaitPart(gate));

    /// <summary>An SSE event of any name (e.g. one the protocol does not define) at this point of the stream.</summary>
    public ScriptedTurn Event(string eventName, string dataJson) => Add(new RawEventPart(eventName, dataJson));

    public ScriptedTurn StopReason(string stopReason)
    {
        StopReasonValue = stopReason;
        return this;
    }

    /// <summary>The model to report; by default the request's model is echoed.</summary>
    public ScriptedTurn Model(string model)
    {
        ModelValue = model;
        return this;
    }

    public ScriptedTurn MessageId(string id)
    {
        MessageIdValue = id;
        return this;
    }

    public ScriptedTurn Usage(int input, int output, int cacheRead = 0, int cacheCreation = 0)
    {
        UsageValue = new TurnUsage(input, output, cacheRead, cacheCreation);
        return this;
    }

    public ScriptedTurn ChunkSize(int characters)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(characters, 1);
        ChunkSizeValue = characters;
        return this;
    }

    /// <summary>Whether <c>ping</c> events are interleaved (on by default).</summary>
    public ScriptedTurn Pings(bool enabled)
    {
        PingsValue = enabled;
        return this;
    }

    /// <summary>Send <paramref name="events"/> SSE events, then abort the connection.</summary>
    public ScriptedTurn CutAfterEvents(int events)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(events);
        CutAfter = events;
        return this;
    }

    /// <summary>Send <paramref name="events"/> events, go silent for <paramref name="duration"/>, then finish.</summary>
    public ScriptedTurn StallAfterEvents(int events, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(events);
        StallAfter = events;
        StallDuration = duration;
        return this;
    }

    /// <summary>
    /// Send <paramref name="events"/> events, then never finish: a <c>ping</c> event and an SSE comment
    /// every <paramref name="interval"/> until the client gives up.
    /// </summary>
    public ScriptedTurn KeepAliveForeverAfterEvents(int events, TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(events);
        KeepAliveAfter = events;
        KeepAliveInterval = interval;
        return this;
    }

    /// <summary>Send <paramref name="events"/> events, then an in-stream <c>error</c> event, then end the body.</summary>
    public ScriptedTurn ErrorAfterEvents(int events, string errorType = "overloaded_error", string message = "Overloaded")
    {
        ArgumentOutOfRangeException.ThrowIfNegative(events);
        ErrorAfter = events;
        ErrorType = errorType;
        ErrorMessage = message;
        return this;
    }

    public ScriptedTurn Header(string name, string value)
    {
        AddHeader(name, value);
        return this;
    }

    public ScriptedTurn DelayHeaders(TimeSpan delay)
    {
        SetHeaderDelay(delay);
        return this;
    }

    internal bool HasToolUse
    {
        get
        {
            foreach (var part in _parts)
            {
                if (part is ToolUsePart)
                {
                    return true;
                }
            }

            return false;
        }
    }

    internal override Task ServeAsync(ResponseContext context) => TurnStreamer.StreamAsync(this, context);

    private ScriptedTurn Add(TurnPart part)
    {
        _parts.Add(part);
        return this;
    }
}
