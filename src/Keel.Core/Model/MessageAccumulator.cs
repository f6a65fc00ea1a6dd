using System.Text;
using System.Text.Json;
using Keel.Core.Messages;

namespace Keel.Core.Model;

/// <summary>
/// Folds stream events into the assistant message. Tolerant by design: unknown events and
/// deltas are skipped, a tool input that is not valid JSON is kept as an error marker for
/// the tool runner to report, and blocks are ordered by their stream index.
/// </summary>
public sealed class MessageAccumulator
{
    private readonly SortedDictionary<int, BlockBuilder> _blocks = [];
    private string _id = string.Empty;
    private string _model = string.Empty;
    private Usage _usage = Usage.Zero;
    private string? _stopReason;
    private string? _stopSequence;

    public bool Started { get; private set; }

    public bool Stopped { get; private set; }

    public string? RequestId { get; private set; }

    /// <summary>Applies one event; returns the finished block when the event closes one.</summary>
    public ContentBlock? Apply(ModelStreamEvent streamEvent)
    {
        switch (streamEvent)
        {
            case ResponseStartedEvent started:
                RequestId = started.RequestId;
                break;
            case MessageStartEvent start:
                Started = true;
                _id = start.Id;
                _model = start.Model;
                _usage = start.Usage;
                break;
            case ContentBlockStartEvent blockStart:
                _blocks[blockStart.Index] = new BlockBuilder(blockStart.Block);
                break;
            case ContentBlockDeltaEvent delta when _blocks.TryGetValue(delta.Index, out var builder):
                builder.Append(delta.Delta);
                break;
            case ContentBlockStopEvent stop when _blocks.TryGetValue(stop.Index, out var builder):
                return builder.Finish();
            case MessageDeltaEvent messageDelta:
                _stopReason = messageDelta.StopReason ?? _stopReason;
                _stopSequence = messageDelta.StopSequence ?? _stopSequence;
                if (messageDelta.Usage is { } u)
                {
                    // message_delta usage is cumulative; input fields are only present when they changed.
                    _usage = new Usage(
                        u.InputTokens > 0 ? u.InputTokens : _usage.InputTokens,
                        u.OutputTokens,
                        u.CacheCreationInputTokens > 0 ? u.CacheCreationInputTokens : _usage.CacheCreationInputTokens,
                        u.CacheReadInputTokens > 0 ? u.CacheReadInputTokens : _usage.CacheReadInputTokens)
                    {
                        WebSearchRequests = Math.Max(u.WebSearchRequests, _usage.WebSearchRequests),
                    };
                }

                break;
            case MessageStopEvent:
                Stopped = true;
                break;
        }

        return null;
    }

    public Usage Usage => _usage;

    public string Id => _id;

    public string Model => _model;

    public AssistantMessage Build()
    {
        var content = _blocks.Values.Select(static b => b.Finish()).ToList();
        return new AssistantMessage(_id, _model, new Message(Role.Assistant, content), _stopReason, _stopSequence, _usage, RequestId);
    }

    private sealed class BlockBuilder(ContentBlock initial)
    {
        private readonly StringBuilder _text = new();
        private readonly StringBuilder _signature = new();
        private ContentBlock? _finished;

        public void Append(ContentDelta delta)
        {
            _finished = null;
            switch (delta)
            {
                case TextDelta t:
                    _text.Append(t.Text);
                    break;
                case InputJsonDelta j:
                    _text.Append(j.PartialJson);
                    break;
                case ThinkingDelta th:
                    _text.Append(th.Thinking);
                    break;
                case SignatureDelta s:
                    _signature.Append(s.Signature);
                    break;
            }
        }

        public ContentBlock Finish() => _finished ??= initial switch
        {
            TextBlock t => new TextBlock(t.Text + _text),
            ThinkingBlock th => new ThinkingBlock(th.Thinking + _text, th.Signature + _signature),
            ToolUseBlock tu => tu with { Input = ParseInput(tu.Input) },
            ServerToolUseBlock su => su with { Input = ParseInput(su.Input) },
            _ => initial,
        };

        private JsonElement ParseInput(JsonElement initialInput)
        {
            if (_text.Length == 0)
            {
                return initialInput.ValueKind == JsonValueKind.Object ? initialInput : MessageJson.EmptyObject;
            }

            try
            {
                using var doc = JsonDocument.Parse(_text.ToString());
                return doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                // Kept as a string so the runner can tell the model its input was malformed.
                return JsonDocument.Parse(JsonSerializer.Serialize(_text.ToString(), CoreJsonContext.Default.String)).RootElement.Clone();
            }
        }
    }
}
