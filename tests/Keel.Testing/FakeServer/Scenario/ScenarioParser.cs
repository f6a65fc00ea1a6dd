using System.Text.Json;
using System.Text.Json.Nodes;

namespace Keel.Testing.FakeServer.Scenario;

/// <summary>
/// Reads the scenario JSON format (documented in tests/Keel.FakeServer/README.md) into scripted
/// responses: <c>{"turns":[{"text":"hi"},{"status":429,"headers":{"retry-after-ms":"5"}}]}</c>.
/// </summary>
public static class ScenarioParser
{
    public static IReadOnlyList<ScriptedResponse> Load(string path) => Parse(File.ReadAllText(path));

    public static IReadOnlyList<ScriptedResponse> Parse(string json)
    {
        var root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (root?["turns"] is not JsonArray turns)
        {
            throw new FormatException("scenario: expected an object with a \"turns\" array");
        }

        var responses = new List<ScriptedResponse>(turns.Count);
        for (var i = 0; i < turns.Count; i++)
        {
            if (turns[i] is not JsonObject turn)
            {
                throw new FormatException($"scenario: turns[{i}] is not an object");
            }

            try
            {
                responses.Add(turn["status"] is null ? ParseTurn(turn) : ParseError(turn));
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
            {
                throw new FormatException($"scenario: turns[{i}]: {e.Message}", e);
            }
        }

        return responses;
    }

    private static ErrorResponse ParseError(JsonObject turn)
    {
        var status = turn["status"]!.GetValue<int>();
        var response = Fault.Status(status, errorType: Str(turn, "error_type"), message: Str(turn, "message"));
        foreach (var (name, value) in Headers(turn))
        {
            response.Header(name, value);
        }

        if (Str(turn, "body") is { } body)
        {
            response.Body(body);
        }

        return Int(turn, "delay_ms") is { } delay ? response.DelayHeaders(TimeSpan.FromMilliseconds(delay)) : response;
    }

    private static ScriptedTurn ParseTurn(JsonObject turn)
    {
        var result = Turn.Create();
        if (turn["blocks"] is JsonArray blocks)
        {
            foreach (var block in blocks)
            {
                AddBlock(result, block as JsonObject ?? throw new FormatException("a block is not an object"));
            }
        }
        else
        {
            // Shorthand keys are streamed in the order the API uses: thinking, text, tool uses.
            AddBlock(result, turn);
        }

        if (result.Parts.Count == 0)
        {
            throw new FormatException("a turn needs \"status\", \"blocks\" or one of text/thinking/tool_use");
        }

        ApplyModifiers(result, turn);
        return result;
    }

    private static void AddBlock(ScriptedTurn turn, JsonObject block)
    {
        if (Str(block, "thinking") is { } thinking)
        {
            turn.Thinking(thinking, Str(block, "signature") ?? "sig_fake");
        }

        if (Str(block, "redacted_thinking") is { } data)
        {
            turn.RedactedThinking(data);
        }

        if (Str(block, "text") is { } text)
        {
            turn.Text(text);
        }

        switch (block["tool_use"])
        {
            case JsonObject one:
                AddToolUse(turn, one);
                break;
            case JsonArray many:
                foreach (var item in many)
                {
                    AddToolUse(turn, item as JsonObject ?? throw new FormatException("tool_use items must be objects"));
                }

                break;
        }

        if (block["raw_block"] is JsonObject raw)
        {
            turn.RawBlock(raw.ToJsonString());
        }

        if (block["event"] is JsonObject ev)
        {
            turn.Event(Str(ev, "name") ?? throw new FormatException("event needs a name"), ev["data"]?.ToJsonString() ?? "{}");
        }
    }

    private static void AddToolUse(ScriptedTurn turn, JsonObject tool)
    {
        var name = Str(tool, "name") ?? throw new FormatException("tool_use needs a name");
        if (Str(tool, "custom_input") is { } custom)
        {
            turn.CustomToolCall(name, custom, Str(tool, "id"));
            return;
        }

        var input = Str(tool, "input_raw") ?? tool["input"]?.ToJsonString() ?? "{}";
        turn.ToolUse(name, input, Str(tool, "id"));
    }

    private static void ApplyModifiers(ScriptedTurn turn, JsonObject spec)
    {
        if (Str(spec, "stop_reason") is { } stop)
        {
            turn.StopReason(stop);
        }

        if (Str(spec, "model") is { } model)
        {
            turn.Model(model);
        }

        if (Str(spec, "message_id") is { } id)
        {
            turn.MessageId(id);
        }

        if (spec["usage"] is JsonObject usage)
        {
            turn.Usage(Int(usage, "input_tokens") ?? 0, Int(usage, "output_tokens") ?? 0, Int(usage, "cache_read_input_tokens") ?? 0, Int(usage, "cache_creation_input_tokens") ?? 0);
        }

        if (Int(spec, "chunk_size") is { } chunk)
        {
            turn.ChunkSize(chunk);
        }

        if (spec["pings"] is JsonValue pings)
        {
            turn.Pings(pings.GetValue<bool>());
        }

        if (Int(spec, "cut_after_events") is { } cut)
        {
            turn.CutAfterEvents(cut);
        }

        if (Int(spec, "stall_after_events") is { } stall)
        {
            turn.StallAfterEvents(stall, TimeSpan.FromMilliseconds(Int(spec, "stall_ms") ?? 60_000));
        }

        if (Str(spec, "stream_error") is { } error)
        {
            turn.ErrorAfterEvents(Int(spec, "error_after_events") ?? 1, error, Str(spec, "message") ?? error);
        }

        if (Int(spec, "delay_ms") is { } delay)
        {
            turn.DelayHeaders(TimeSpan.FromMilliseconds(delay));
        }

        foreach (var (name, value) in Headers(spec))
        {
            turn.Header(name, value);
        }
    }

    private static IEnumerable<KeyValuePair<string, string>> Headers(JsonObject spec)
    {
        if (spec["headers"] is not JsonObject headers)
        {
            yield break;
        }

        foreach (var (name, value) in headers)
        {
            yield return new(name, value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? string.Empty);
        }
    }

    private static string? Str(JsonObject obj, string name) => obj[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static int? Int(JsonObject obj, string name) => obj[name] is JsonValue v && v.TryGetValue<int>(out var i) ? i : null;
}
