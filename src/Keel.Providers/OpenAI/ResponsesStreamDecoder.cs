using System.Globalization;
using System.Text.Json;
using Keel.Anthropic.Sse;
using Keel.Anthropic.Wire;
using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Providers.OpenAI;

/// <summary>
/// Responses API stream events as Keel stream events: output text and reasoning summaries become text and
/// thinking blocks, <c>function_call</c> items tool-use blocks (arguments streamed), and
/// <c>response.completed</c> / <c>response.incomplete</c> end the message with its usage.
/// <c>response.failed</c> and <c>error</c> events fail the call with the server's code.
/// </summary>
public sealed class ResponsesStreamDecoder(string requestModel) : IStreamDecoder
{
    private readonly SseParser _parser = new();
    private readonly List<SseEvent> _parsed = [];
    private readonly BlockTracker _blocks = new();

    public ModelCallException? Failure { get; private set; }

    public void Feed(ReadOnlySpan<byte> chunk, ICollection<ModelStreamEvent> events)
    {
        _parser.Feed(chunk, _parsed);
        Drain(events);
    }

    public void Complete(ICollection<ModelStreamEvent> events)
    {
        _parser.Complete(_parsed);
        Drain(events);
    }

    public void Dispose() => _parser.Dispose();

    private void Drain(ICollection<ModelStreamEvent> events)
    {
        foreach (var sse in _parsed)
        {
            if (Failure is not null || _blocks.Finished)
            {
                break;
            }

            try
            {
                Handle(sse, events);
            }
            catch (JsonException ex)
            {
                Failure = new ModelCallException(new ModelError(ModelErrorKind.Protocol, "the server sent an event that is not JSON"), ex);
            }
        }

        _parsed.Clear();
    }

    private void Handle(SseEvent sse, ICollection<ModelStreamEvent> events)
    {
        if (sse.Data.Trim() == "[DONE]")
        {
            return;
        }

        using var document = JsonDocument.Parse(sse.Data);
        var root = document.RootElement;
        var type = Str(root, "type") ?? sse.EventName ?? string.Empty;
        switch (type)
        {
            case "response.created" or "response.in_progress":
                var created = root.TryGetProperty("response", out var r) ? r : default;
                _blocks.Start(events, Str(created, "id") ?? "resp", Str(created, "model") ?? requestModel);
                break;
            case "response.output_item.added":
                _blocks.Start(events, "resp", requestModel);
                if (root.TryGetProperty("item", out var item) && Str(item, "type") == "function_call")
                {
                    _blocks.ToolCall(events, Key(root, item), Str(item, "call_id") ?? Str(item, "id"), Str(item, "name"), Str(item, "arguments"));
                }

                break;
            case "response.output_text.delta" or "response.refusal.delta":
                _blocks.Start(events, "resp", requestModel);
                _blocks.Text(events, Str(root, "delta") ?? string.Empty);
                break;
            case "response.reasoning_summary_text.delta" or "response.reasoning_text.delta":
                _blocks.Start(events, "resp", requestModel);
                _blocks.Thinking(events, Str(root, "delta") ?? string.Empty);
                break;
            case "response.function_call_arguments.delta":
                _blocks.ToolCall(events, Key(root, default), id: null, name: null, Str(root, "delta"));
                break;
            case "response.completed" or "response.incomplete":
                var response = root.TryGetProperty("response", out var done) ? done : default;
                _blocks.Start(events, Str(response, "id") ?? "resp", Str(response, "model") ?? requestModel);
                var usage = response.ValueKind == JsonValueKind.Object && response.TryGetProperty("usage", out var u) ? OpenAIUsage.Read(u) : null;
                var incomplete = type == "response.incomplete"
                    && response.TryGetProperty("incomplete_details", out var details)
                    && Str(details, "reason") == "max_output_tokens";
                _blocks.Finish(events, incomplete ? "max_tokens" : _blocks.SawToolCall ? "tool_use" : "end_turn", usage);
                break;
            case "response.failed":
                var failed = root.TryGetProperty("response", out var f) && f.TryGetProperty("error", out var e) ? e : default;
                events.Add(new StreamErrorEvent(Str(failed, "code") ?? "response_failed", Str(failed, "message") ?? "the response failed"));
                break;
            case "error":
                events.Add(new StreamErrorEvent(Str(root, "code") ?? "error", Str(root, "message") ?? "error"));
                break;
        }
    }

    /// <summary>Tool items are keyed by output index, which both the item and its argument deltas carry.</summary>
    private static string Key(JsonElement root, JsonElement item) =>
        root.TryGetProperty("output_index", out var index) && index.TryGetInt32(out var n)
            ? n.ToString(CultureInfo.InvariantCulture)
            : Str(root, "item_id") ?? Str(item, "id") ?? "0";

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
