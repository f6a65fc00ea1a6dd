using System.Text.Json;
using Keel.Anthropic.Sse;
using Keel.Anthropic.Wire;
using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Providers.OpenAI;

/// <summary>
/// Chat Completions chunks (<c>data: {"choices":[{"delta":...}]}</c> ... <c>data: [DONE]</c>) as Keel stream
/// events. Reasoning arrives as <c>reasoning_content</c> (vLLM, DeepSeek, llama.cpp) or <c>reasoning</c>
/// (OpenRouter, Ollama) and becomes a thinking block; usage comes in the last chunk. The message ends at
/// <c>[DONE]</c>: a stream cut before it is a connection error, retried like any other.
/// </summary>
public sealed class ChatStreamDecoder(string requestModel) : IStreamDecoder
{
    private readonly SseParser _parser = new();
    private readonly List<SseEvent> _parsed = [];
    private readonly BlockTracker _blocks = new();
    private string? _finishReason;
    private Usage? _usage;

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

        // A few servers close the body after the finishing chunk without [DONE]; a body cut before any
        // finish_reason stays unfinished and fails as a cut stream.
        if (Failure is null && _finishReason is not null && !_blocks.Finished)
        {
            _blocks.Finish(events, OpenAIContent.StopReason(_finishReason, _blocks.SawToolCall), _usage);
        }
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
                Handle(sse.Data, events);
            }
            catch (JsonException ex)
            {
                Failure = new ModelCallException(new ModelError(ModelErrorKind.Protocol, "the server sent a chunk that is not JSON: " + Snippet(sse.Data)), ex);
            }
            catch (ModelCallException ex)
            {
                Failure = ex;
            }
        }

        _parsed.Clear();
    }

    private void Handle(string data, ICollection<ModelStreamEvent> events)
    {
        if (data.Trim() == "[DONE]")
        {
            _blocks.Start(events, "chatcmpl", requestModel);
            _blocks.Finish(events, OpenAIContent.StopReason(_finishReason, _blocks.SawToolCall), _usage);
            return;
        }

        using var document = JsonDocument.Parse(data);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            var type = Str(error, "type") ?? Str(error, "code") ?? "error";
            var message = Str(error, "message") ?? type;
            events.Add(new StreamErrorEvent(type, message));
            return;
        }

        _blocks.Start(events, Str(root, "id") ?? "chatcmpl", Str(root, "model") ?? requestModel);
        if (root.TryGetProperty("usage", out var usage) && OpenAIUsage.Read(usage) is { } read)
        {
            _usage = read;
        }

        if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var choice in choices.EnumerateArray())
        {
            if (choice.TryGetProperty("delta", out var delta) && delta.ValueKind == JsonValueKind.Object)
            {
                var reasoning = Str(delta, "reasoning_content") ?? Str(delta, "reasoning");
                if (reasoning is not null)
                {
                    _blocks.Thinking(events, reasoning);
                }

                if (Str(delta, "content") is { } text)
                {
                    _blocks.Text(events, text);
                }

                if (delta.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array)
                {
                    var position = 0;
                    foreach (var call in calls.EnumerateArray())
                    {
                        var key = call.TryGetProperty("index", out var i) && i.TryGetInt32(out var n) ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : position.ToString(System.Globalization.CultureInfo.InvariantCulture);
                        var function = call.TryGetProperty("function", out var f) ? f : default;
                        _blocks.ToolCall(
                            events,
                            key,
                            Str(call, "id"),
                            function.ValueKind == JsonValueKind.Object ? Str(function, "name") : null,
                            function.ValueKind == JsonValueKind.Object ? ArgumentsText(function) : null);
                        position++;
                    }
                }
            }

            if (Str(choice, "finish_reason") is { } finish)
            {
                _finishReason = finish;
            }
        }
    }

    /// <summary>Arguments are a JSON string fragment; a few servers send the whole object instead.</summary>
    private static string? ArgumentsText(JsonElement function) =>
        function.TryGetProperty("arguments", out var a)
            ? a.ValueKind switch
            {
                JsonValueKind.String => a.GetString(),
                JsonValueKind.Object => a.GetRawText(),
                _ => null,
            }
            : null;

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Snippet(string data) => data.Length > 200 ? data[..200] + "..." : data;
}
