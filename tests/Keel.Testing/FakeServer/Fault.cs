namespace Keel.Testing.FakeServer;

/// <summary>Factories for failures: HTTP errors with the API's error types, and broken streams.</summary>
public static class Fault
{
    /// <summary>An HTTP error; <paramref name="errorType"/> defaults to the API's type for the status.</summary>
    public static ErrorResponse Status(
        int status,
        IReadOnlyDictionary<string, string>? headers = null,
        string? errorType = null,
        string? message = null)
    {
        var type = errorType ?? DefaultErrorType(status);
        var response = new ErrorResponse(status, type, message ?? DefaultMessage(type));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>(StringComparer.Ordinal))
        {
            response.Header(name, value);
        }

        return response;
    }

    public static ErrorResponse RateLimited(int? retryAfterMs = null)
    {
        var response = Status(429);
        return retryAfterMs is { } ms ? response.Header("retry-after-ms", ms.ToString()) : response;
    }

    public static ErrorResponse Overloaded() => Status(529);

    /// <summary>
    /// A 429 that is not a rate limit: the organisation's spend limit is used up (the API's
    /// <c>error.details.error_code</c>), with retry headers that would invite a retry loop.
    /// </summary>
    public static ErrorResponse QuotaExhausted(string message = "Your organization has reached its monthly spend limit.")
    {
        var body = $$$"""{"type":"error","error":{"type":"rate_limit_error","message":"{{{message}}}","details":{"error_code":"spend_limit_exceeded"}},"request_id":"req_quota"}""";
        return Status(429, errorType: "rate_limit_error", message: message).Body(body).Header("retry-after", "1");
    }

    /// <summary>A text block whose deltas never stop and a message that never ends (see <see cref="ScriptedTurn.EndlessText"/>).</summary>
    public static ScriptedTurn EndlessText(int chunkChars = 1024) => Turn.Create().EndlessText(chunkChars);

    /// <summary>
    /// A corrupt tool call: <c>content_block_start</c> for index 0 arrives a second time while the first block is
    /// still open (a different tool and input follow), then the stream ends normally. A client must run neither.
    /// </summary>
    public static ScriptedTurn DuplicateBlockStart(string firstInputJson, string secondInputJson, string toolName = "Bash") =>
        Turn.Create()
            .Event("content_block_start", ToolStart(0, "toolu_dup_1", toolName))
            .Event("content_block_delta", InputDelta(0, firstInputJson))
            .Event("content_block_start", ToolStart(0, "toolu_dup_2", toolName))
            .Event("content_block_delta", InputDelta(0, secondInputJson))
            .Event("content_block_stop", """{"type":"content_block_stop","index":0}""")
            .StopReason("tool_use");

    /// <summary>A complete tool call followed by a delta for index 7, which was never started.</summary>
    public static ScriptedTurn DeltaForUnknownIndex(string toolName, string inputJson) =>
        Turn.ToolUse(toolName, inputJson)
            .Event("content_block_delta", """{"type":"content_block_delta","index":7,"delta":{"type":"text_delta","text":"stray"}}""");

    public static ErrorResponse ServerError() => Status(500);

    public static ErrorResponse Unauthorized() => Status(401);

    public static ErrorResponse BadRequest(string message) => Status(400, message: message);

    public static ErrorResponse PromptTooLong(int tokens = 210_000, int maximum = 200_000) =>
        BadRequest($"prompt is too long: {tokens} tokens > {maximum} maximum");

    /// <summary>Sends <paramref name="events"/> SSE events of <paramref name="turn"/> (a text turn by default), then aborts the connection.</summary>
    public static ScriptedTurn CutAfterEvents(int events, ScriptedTurn? turn = null) =>
        (turn ?? DefaultTurn()).CutAfterEvents(events);

    /// <summary>An in-stream <c>error</c> event right after <c>message_start</c>.</summary>
    public static ScriptedTurn StreamError(string errorType = "overloaded_error", string? message = null, ScriptedTurn? turn = null) =>
        (turn ?? DefaultTurn()).ErrorAfterEvents(1, errorType, message ?? DefaultMessage(errorType));

    /// <summary>Sends <paramref name="events"/> events, then goes silent for <paramref name="duration"/> (ends early if the client aborts).</summary>
    public static ScriptedTurn StallAfterEvents(int events, TimeSpan duration, ScriptedTurn? turn = null) =>
        (turn ?? DefaultTurn()).StallAfterEvents(events, duration);

    /// <summary>Sends <paramref name="events"/> events, then only pings and keep-alive comments every <paramref name="interval"/>, forever.</summary>
    public static ScriptedTurn PingsForever(int events, TimeSpan interval, ScriptedTurn? turn = null) =>
        (turn ?? DefaultTurn()).KeepAliveForeverAfterEvents(events, interval);

    /// <summary>Waits before sending any header, then streams <paramref name="turn"/>.</summary>
    public static ScriptedTurn Delay(TimeSpan delay, ScriptedTurn? turn = null) =>
        (turn ?? DefaultTurn()).DelayHeaders(delay);

    /// <summary>A turn with an SSE event type the protocol does not define, between two text blocks.</summary>
    public static ScriptedTurn UnknownEvent(string eventName = "fancy_event") =>
        Turn.Text("Before the unknown event.")
            .Event(eventName, $$"""{"type":"{{eventName}}","detail":"clients must skip this"}""")
            .Text(" After it.");

    /// <summary>A turn with a content block type clients do not know, between two text blocks.</summary>
    public static ScriptedTurn UnknownBlock(string blockJson = """{"type":"fancy_block","id":"fb_1","payload":{"x":1}}""") =>
        Turn.Text("Before the fancy block.").RawBlock(blockJson).Text(" After it.");

    private static string ToolStart(int index, string id, string name) =>
        "{\"type\":\"content_block_start\",\"index\":" + index + ",\"content_block\":{\"type\":\"tool_use\",\"id\":\"" + id
        + "\",\"name\":\"" + name + "\",\"input\":{}}}";

    private static string InputDelta(int index, string json) =>
        "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\""
        + System.Text.Json.JsonEncodedText.Encode(json) + "\"}}";

    internal static string DefaultErrorType(int status) => status switch
    {
        400 => "invalid_request_error",
        401 => "authentication_error",
        403 => "permission_error",
        404 => "not_found_error",
        413 => "request_too_large",
        429 => "rate_limit_error",
        529 => "overloaded_error",
        _ => "api_error",
    };

    private static string DefaultMessage(string errorType) => errorType switch
    {
        "overloaded_error" => "Overloaded",
        "rate_limit_error" => "Number of request tokens has exceeded your per-minute rate limit",
        "authentication_error" => "invalid x-api-key",
        "request_too_large" => "Request exceeds the maximum allowed number of bytes.",
        "invalid_request_error" => "Invalid request",
        _ => "Internal server error",
    };

    private static ScriptedTurn DefaultTurn() =>
        Turn.Text("This answer is streamed in small pieces so that a fault can hit it midway.");
}
