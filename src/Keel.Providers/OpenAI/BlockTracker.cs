using System.Text.Json;
using Keel.Core.Messages;
using Keel.Core.Model;

namespace Keel.Providers.OpenAI;

/// <summary>
/// Turns OpenAI's flat stream of deltas into Keel's block events: opens a text, thinking or tool block
/// when its kind starts, closes every open block at the end, and emits the closing message events.
/// </summary>
internal sealed class BlockTracker
{
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);
    private readonly List<int> _order = [];
    private int _next;
    private string? _currentKey;

    public bool Started { get; private set; }

    public bool Finished { get; private set; }

    public bool SawToolCall { get; private set; }

    public void Start(ICollection<ModelStreamEvent> events, string id, string model)
    {
        if (!Started)
        {
            Started = true;
            events.Add(new MessageStartEvent(id, model, Usage.Zero));
        }
    }

    public void Text(ICollection<ModelStreamEvent> events, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        var index = Sequential(events, "text", static () => new TextBlock(string.Empty));
        events.Add(new ContentBlockDeltaEvent(index, new TextDelta(text)));
    }

    public void Thinking(ICollection<ModelStreamEvent> events, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        var index = Sequential(events, "thinking", static () => new ThinkingBlock(string.Empty, string.Empty));
        events.Add(new ContentBlockDeltaEvent(index, new ThinkingDelta(text)));
    }

    /// <summary>A tool call keyed by the server's index or item id; its arguments may arrive in many pieces.</summary>
    public void ToolCall(ICollection<ModelStreamEvent> events, string key, string? id, string? name, string? arguments)
    {
        SawToolCall = true;
        var fullKey = "tool:" + key;
        if (!_open.TryGetValue(fullKey, out var index))
        {
            _currentKey = fullKey;
            index = _next++;
            _open[fullKey] = index;
            _order.Add(index);
            events.Add(new ContentBlockStartEvent(index, new ToolUseBlock(id is { Length: > 0 } ? id : $"call_{index}", name ?? string.Empty, EmptyObject())));
        }

        if (!string.IsNullOrEmpty(arguments))
        {
            events.Add(new ContentBlockDeltaEvent(index, new InputJsonDelta(arguments)));
        }
    }

    public void Finish(ICollection<ModelStreamEvent> events, string stopReason, Usage? usage)
    {
        if (Finished)
        {
            return;
        }

        Finished = true;
        foreach (var index in _order)
        {
            events.Add(new ContentBlockStopEvent(index));
        }

        _order.Clear();
        events.Add(new MessageDeltaEvent(stopReason, StopSequence: null, usage));
        events.Add(new MessageStopEvent());
    }

    /// <summary>Text and thinking continue the current block of their kind; switching kinds opens a new one.</summary>
    private int Sequential(ICollection<ModelStreamEvent> events, string kind, Func<ContentBlock> create)
    {
        if (_currentKey == kind && _open.TryGetValue(kind, out var current))
        {
            return current;
        }

        var index = _next++;
        _open[kind] = index;
        _order.Add(index);
        _currentKey = kind;
        events.Add(new ContentBlockStartEvent(index, create()));
        return index;
    }

    private static JsonElement EmptyObject()
    {
        using var document = JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }
}
