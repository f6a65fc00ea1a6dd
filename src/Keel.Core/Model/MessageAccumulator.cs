using System.Text;
using System.Text.Json;
using Keel.Core.Messages;

namespace Keel.Core.Model;

/// <summary>
/// Folds stream events into the assistant message. Tolerant of what the protocol allows to vary:
/// unknown events and deltas are skipped, a tool input that is not valid JSON is kept as an error
/// marker for the tool runner to report, and blocks are ordered by their stream index. Strict about
/// the event order itself: a block started twice, a delta or stop for a block that is not open, or a
/// message_stop with a block still open sets <see cref="Violation"/>, after which nothing is applied
/// and the message must not be used.
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

    /// <summary>The first protocol violation seen, in words; once set the attempt is broken and <see cref="Build"/> must not be used.</summary>
    public string? Violation { get; private set; }

    /// <summary>Applies one event; returns the finished block when the event closes one.</summary>
    public ContentBlock? Apply(ModelStreamEvent streamEvent)
    {
        if (Violation is not null)
        {
            return null;
        }

        switch (streamEvent)
        {
            case ResponseStartedEvent started:
                RequestId = started.RequestId;
                break;
            case MessageStartEvent when Started:
                return Violate("a second message_start in one response");
            case MessageStartEvent start:
                Started = true;
                _id = start.Id;
                _model = start.Model;
                _usage = start.Usage;
                break;
            case ContentBlockStartEvent blockStart:
                return StartBlock(blockStart);
            case ContentBlockDeltaEvent delta:
                return AppendDelta(delta);
            case ContentBlockStopEvent stop:
                return StopBlock(stop);
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
                        CacheCreation1hInputTokens = u.CacheCreationInputTokens > 0 ? u.CacheCreation1hInputTokens : _usage.CacheCreation1hInputTokens,
                    };
                }

                break;
            case MessageStopEvent:
                foreach (var (index, open) in _blocks)
                {
                    if (!open.Closed)
                    {
                        return Violate($"message_stop while content block {index} was still open");
                    }
                }

                Stopped = true;
                break;
        }

        return null;
    }

    /// <summary>
    /// The part of a response that can stand on its own when reading had to stop early: its text,
    /// finished or not. Tool calls (their input may be cut) and thinking (unsigned until its block ends)
    /// are left out, so nothing from an unfinished response is run or sent back unsigned.
    /// </summary>
    public AssistantMessage BuildTextOnly()
    {
        var content = new List<ContentBlock>();
        foreach (var builder in _blocks.Values)
        {
            if (builder.Finish() is TextBlock { Text.Length: > 0 } text)
            {
                content.Add(text);
            }
        }

        return new AssistantMessage(_id, _model, new Message(Role.Assistant, content), null, null, _usage, RequestId);
    }

    private ContentBlock? StartBlock(ContentBlockStartEvent start)
    {
        if (_blocks.TryGetValue(start.Index, out var existing))
        {
            return Violate(existing.Closed
                ? $"content_block_start for index {start.Index}, which had already stopped"
                : $"a second content_block_start for index {start.Index}, which was still open");
        }

        _blocks[start.Index] = new BlockBuilder(start.Block);
        return null;
    }

    private ContentBlock? AppendDelta(ContentBlockDeltaEvent delta)
    {
        if (!_blocks.TryGetValue(delta.Index, out var builder))
        {
            return Violate($"content_block_delta for index {delta.Index}, which was never started");
        }

        if (builder.Closed)
        {
            return Violate($"content_block_delta for index {delta.Index}, which had already stopped");
        }

        if (!builder.Accepts(delta.Delta))
        {
            return Violate($"a {DeltaName(delta.Delta)} for content block {delta.Index}, which is a {builder.Kind} block");
        }

        builder.Append(delta.Delta);
        return null;
    }

    private ContentBlock? StopBlock(ContentBlockStopEvent stop)
    {
        if (!_blocks.TryGetValue(stop.Index, out var builder))
        {
            return Violate($"content_block_stop for index {stop.Index}, which was never started");
        }

        if (builder.Closed)
        {
            return Violate($"a second content_block_stop for index {stop.Index}");
        }

        builder.Closed = true;
        return builder.Finish();
    }

    private ContentBlock? Violate(string what)
    {
        Violation = what;
        return null;
    }

    private static string DeltaName(ContentDelta delta) => delta switch
    {
        TextDelta => "text_delta",
        InputJsonDelta => "input_json_delta",
        ThinkingDelta => "thinking_delta",
        SignatureDelta => "signature_delta",
        _ => "delta",
    };

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
        // One builder for the block's text; a block that arrives as a single delta (even a huge one)
        // keeps that delta's string as it is and never copies it.
        private readonly StringBuilder _signature = new();
        private string? _single;
        private StringBuilder? _many;
        private ContentBlock? _finished;

        public bool Closed { get; set; }

        public string Kind => initial switch
        {
            TextBlock => "text",
            ThinkingBlock => "thinking",
            ToolUseBlock => "tool_use",
            ServerToolUseBlock => "server_tool_use",
            _ => "non-streaming",
        };

        /// <summary>Whether the protocol allows this delta on this block; unknown deltas and unknown blocks are left alone.</summary>
        public bool Accepts(ContentDelta delta) => (delta, initial) switch
        {
            (UnknownDelta, _) => true,
            (_, UnknownBlock) => true,
            (TextDelta, TextBlock) => true,
            (InputJsonDelta, ToolUseBlock or ServerToolUseBlock) => true,
            (ThinkingDelta or SignatureDelta, ThinkingBlock) => true,
            _ => false,
        };

        public void Append(ContentDelta delta)
        {
            _finished = null;
            switch (delta)
            {
                case TextDelta t:
                    AppendText(t.Text);
                    break;
                case InputJsonDelta j:
                    AppendText(j.PartialJson);
                    break;
                case ThinkingDelta th:
                    AppendText(th.Thinking);
                    break;
                case SignatureDelta s:
                    _signature.Append(s.Signature);
                    break;
            }
        }

        private int TextLength => _many?.Length ?? _single?.Length ?? 0;

        private void AppendText(string text)
        {
            if (text.Length == 0)
            {
                return;
            }

            if (_many is null && _single is null)
            {
                _single = text;
                return;
            }

            _many ??= new StringBuilder(_single);
            _single = null;
            _many.Append(text);
        }

        /// <summary>The text so far; the builder is folded into one string so later calls do not copy again.</summary>
        private string Collected()
        {
            if (_many is not null)
            {
                _single = _many.ToString();
                _many = null;
            }

            return _single ?? string.Empty;
        }

        public ContentBlock Finish() => _finished ??= initial switch
        {
            TextBlock t => new TextBlock(t.Text.Length == 0 ? Collected() : t.Text + Collected()),
            ThinkingBlock th => new ThinkingBlock(th.Thinking.Length == 0 ? Collected() : th.Thinking + Collected(), th.Signature + _signature),
            ToolUseBlock tu => tu with { Input = ParseInput(tu.Input) },
            ServerToolUseBlock su => su with { Input = ParseInput(su.Input) },
            _ => initial,
        };

        private JsonElement ParseInput(JsonElement initialInput)
        {
            if (TextLength == 0)
            {
                return initialInput.ValueKind == JsonValueKind.Object ? initialInput : MessageJson.EmptyObject;
            }

            try
            {
                using var doc = JsonDocument.Parse(Collected());
                return doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                // Kept as a string so the runner can tell the model its input was malformed.
                return JsonDocument.Parse(JsonSerializer.Serialize(Collected(), CoreJsonContext.Default.String)).RootElement.Clone();
            }
        }
    }
}
