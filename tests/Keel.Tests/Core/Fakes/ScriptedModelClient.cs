using System.Runtime.CompilerServices;
using System.Text.Json;
using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Tests.Core.Fakes;

/// <summary>Replays scripted stream events per request and records every request.</summary>
internal sealed class ScriptedModelClient : IModelClient
{
    private readonly Queue<Func<CancellationToken, IAsyncEnumerable<ModelStreamEvent>>> _script = new();
    private readonly Queue<Func<CancellationToken, IAsyncEnumerable<ModelStreamEvent>>> _summaryScript = new();
    private int _ids;
    private long _nextInput = 10;

    public List<ModelRequest> Requests { get; } = [];

    /// <summary>Summary requests (recognised by the compaction system prompt); they do not consume the main script.</summary>
    public List<ModelRequest> SummaryRequests { get; } = [];

    /// <summary>The input tokens each response reports (default 10); tests of context accounting set it from the request.</summary>
    public Func<ModelRequest, long>? InputTokensFor { get; set; }

    /// <summary>Answer to summary requests when no scripted summary response is queued.</summary>
    public string SummaryText { get; set; } = "Summary: the user asked for work on files; it is in progress.";

    /// <summary>Queues an answer for the next summary request only.</summary>
    public ScriptedModelClient SummaryFails(ModelError error)
    {
        _summaryScript.Enqueue(_ => Throwing(error));
        return this;
    }

    /// <summary>Queues exactly these events as the answer to the next summary request (for protocol violations).</summary>
    public ScriptedModelClient SummaryRaw(params ModelStreamEvent[] events)
    {
        _summaryScript.Enqueue(ct => Replay(events, ct));
        return this;
    }

    public ScriptedModelClient Text(string text) => Enqueue(Events(new TextBlock(text)));

    /// <summary>A text answer the output limit cut off (stop_reason max_tokens).</summary>
    public ScriptedModelClient CutOff(string text) => Enqueue(ct => Stream([(new TextBlock(text), null)], _nextInput, ct, "max_tokens"));

    /// <summary>A signed thinking block, then text.</summary>
    public ScriptedModelClient ThinkingThenText(string thinking, string signature, string text) =>
        Enqueue(EventsMany([(new ThinkingBlock(thinking, signature), null), (new TextBlock(text), null)]));

    public ScriptedModelClient ToolUse(string name, string inputJson, string? id = null) =>
        Enqueue(Events(new ToolUseBlock(id ?? $"toolu_{++_ids}", name, MessageJson.EmptyObject), inputJson));

    public ScriptedModelClient ToolUses(params (string Name, string Input)[] calls)
    {
        var blocks = calls.Select(c => (Block: (ContentBlock)new ToolUseBlock($"toolu_{++_ids}", c.Name, MessageJson.EmptyObject), Json: (string?)c.Input)).ToArray();
        return Enqueue(EventsMany(blocks));
    }

    public ScriptedModelClient Fail(ModelError error) => Enqueue(_ => Throwing(error));

    /// <summary>Exactly these events, in this order (for protocol violations).</summary>
    public ScriptedModelClient Raw(params ModelStreamEvent[] events) => Enqueue(ct => Replay(events, ct));

    /// <summary>Whatever the test streams (gates between events, faults at a chosen point).</summary>
    public ScriptedModelClient Custom(Func<CancellationToken, IAsyncEnumerable<ModelStreamEvent>> stream) => Enqueue(stream);

    /// <summary>A text block whose deltas never end (no message_stop), each <paramref name="deltaLength"/> characters.</summary>
    public ScriptedModelClient EndlessText(int deltaLength) => Enqueue(ct => Endless(deltaLength, ct));

    /// <summary>Streams a text block, then waits until cancelled.</summary>
    public ScriptedModelClient Hang() => Enqueue(HangForever);

    /// <summary>A text answer that reports <paramref name="outputTokens"/> output tokens.</summary>
    public ScriptedModelClient TextWithOutput(string text, long outputTokens) =>
        Enqueue(ct => Stream([(new TextBlock(text), null)], _nextInput, ct, outputTokens: outputTokens));

    private ScriptedModelClient Enqueue(Func<CancellationToken, IAsyncEnumerable<ModelStreamEvent>> events)
    {
        _script.Enqueue(events);
        return this;
    }

    public IAsyncEnumerable<ModelStreamEvent> StreamAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        if (request.Messages is [.., var last] && last.Content.OfType<TextBlock>().Any(static b => b.Text.Contains(Keel.Core.Compaction.CompactionPrompt.Opening, StringComparison.Ordinal)))
        {
            SummaryRequests.Add(request);
            return _summaryScript.TryDequeue(out var scripted) ? scripted(cancellationToken) : Stream([(new TextBlock(SummaryText), null)], 10, cancellationToken);
        }

        Requests.Add(request);
        var input = InputTokensFor?.Invoke(request) ?? 10;
        if (_script.Count == 0)
        {
            throw new InvalidOperationException($"no scripted response for request #{Requests.Count}");
        }

        var next = _script.Dequeue();
        _nextInput = input;
        return next(cancellationToken);
    }

    private Func<CancellationToken, IAsyncEnumerable<ModelStreamEvent>> Events(ContentBlock block, string? json = null) =>
        EventsMany([(block, json)]);

    private Func<CancellationToken, IAsyncEnumerable<ModelStreamEvent>> EventsMany((ContentBlock Block, string? Json)[] blocks) =>
        ct => Stream(blocks, _nextInput, ct);

    private static async IAsyncEnumerable<ModelStreamEvent> Stream((ContentBlock Block, string? Json)[] blocks, long input, [EnumeratorCancellation] CancellationToken ct, string? stopReason = null, long outputTokens = 5)
    {
        await Task.Yield();
        yield return new MessageStartEvent("msg_1", "claude-sonnet-5-5", new Usage(input, 1, 0, 0));
        for (var i = 0; i < blocks.Length; i++)
        {
            var (block, json) = blocks[i];
            if (block is TextBlock text)
            {
                yield return new ContentBlockStartEvent(i, new TextBlock(string.Empty));
                yield return new ContentBlockDeltaEvent(i, new Keel.Core.Model.TextDelta(text.Text));
            }
            else if (block is ThinkingBlock thinking)
            {
                yield return new ContentBlockStartEvent(i, new ThinkingBlock(string.Empty, string.Empty));
                yield return new ContentBlockDeltaEvent(i, new ThinkingDelta(thinking.Thinking));
                yield return new ContentBlockDeltaEvent(i, new SignatureDelta(thinking.Signature));
            }
            else
            {
                yield return new ContentBlockStartEvent(i, block);
                if (json is not null)
                {
                    yield return new ContentBlockDeltaEvent(i, new InputJsonDelta(json));
                }
            }

            yield return new ContentBlockStopEvent(i);
        }

        var stop = stopReason ?? (blocks.Any(b => b.Block is ToolUseBlock) ? "tool_use" : "end_turn");
        yield return new MessageDeltaEvent(stop, null, new Usage(0, outputTokens, 0, 0));
        yield return new MessageStopEvent();
        ct.ThrowIfCancellationRequested();
    }

    private static async IAsyncEnumerable<ModelStreamEvent> Throwing(ModelError error)
    {
        await Task.Yield();
        yield return new MessageStartEvent("msg_x", "m", Usage.Zero);
        throw new ModelCallException(error);
    }

    private static async IAsyncEnumerable<ModelStreamEvent> Replay(ModelStreamEvent[] events, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        foreach (var e in events)
        {
            ct.ThrowIfCancellationRequested();
            yield return e;
        }
    }

    private static async IAsyncEnumerable<ModelStreamEvent> Endless(int deltaLength, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.Yield();
        yield return new ResponseStartedEvent("req_endless");
        yield return new MessageStartEvent("msg_e", "claude-sonnet-5-5", new Usage(10, 1, 0, 0));
        yield return new ContentBlockStartEvent(0, new TextBlock(string.Empty));
        var chunk = new string('e', deltaLength);
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            yield return new ContentBlockDeltaEvent(0, new Keel.Core.Model.TextDelta(chunk));
        }
    }

    private static async IAsyncEnumerable<ModelStreamEvent> HangForever([EnumeratorCancellation] CancellationToken ct)
    {
        yield return new MessageStartEvent("msg_h", "m", Usage.Zero);
        await Task.Delay(Timeout.Infinite, ct);
    }

    public static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
