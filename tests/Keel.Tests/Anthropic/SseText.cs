namespace Keel.Tests.Anthropic;

/// <summary>Builds Messages API server-sent events as text.</summary>
internal static class SseText
{
    public static string Event(string name, string json) => $"event: {name}\ndata: {json}\n\n";

    public static string MessageStart(string id = "msg_1", string model = "claude-test", int inputTokens = 10) =>
        Event("message_start", $$$$"""{"type":"message_start","message":{"id":"{{{{id}}}}","type":"message","role":"assistant","model":"{{{{model}}}}","content":[],"stop_reason":null,"usage":{"input_tokens":{{{{inputTokens}}}},"output_tokens":1,"cache_creation_input_tokens":5,"cache_read_input_tokens":7}}}""");

    public static string TextStart(int index) =>
        Event("content_block_start", $$$$"""{"type":"content_block_start","index":{{{{index}}}},"content_block":{"type":"text","text":""}}""");

    public static string TextDelta(int index, string text) =>
        Event("content_block_delta", $$$$"""{"type":"content_block_delta","index":{{{{index}}}},"delta":{"type":"text_delta","text":"{{{{text}}}}"}}""");

    public static string ToolStart(int index, string id, string name) =>
        Event("content_block_start", $$$$"""{"type":"content_block_start","index":{{{{index}}}},"content_block":{"type":"tool_use","id":"{{{{id}}}}","name":"{{{{name}}}}","input":{}}}""");

    public static string JsonDelta(int index, string partialJsonEscaped) =>
        Event("content_block_delta", $$$$"""{"type":"content_block_delta","index":{{{{index}}}},"delta":{"type":"input_json_delta","partial_json":"{{{{partialJsonEscaped}}}}"}}""");

    public static string BlockStop(int index) =>
        Event("content_block_stop", $$$$"""{"type":"content_block_stop","index":{{{{index}}}}}""");

    public static string MessageDelta(string stopReason, int outputTokens) =>
        Event("message_delta", $$$$"""{"type":"message_delta","delta":{"stop_reason":"{{{{stopReason}}}}","stop_sequence":null},"usage":{"output_tokens":{{{{outputTokens}}}}}}""");

    public static string MessageStop() => Event("message_stop", """{"type":"message_stop"}""");

    public static string Ping() => Event("ping", """{"type": "ping"}""");

    public static string Error(string type, string message) =>
        Event("error", $$$$"""{"type":"error","error":{"type":"{{{{type}}}}","message":"{{{{message}}}}"}}""");
}
