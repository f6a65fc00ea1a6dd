using Keel.Anthropic.Sse;
using Keel.Anthropic.Streaming;
using Keel.Core.Model;

namespace Keel.Anthropic.Wire;

/// <summary>Server-sent events carrying Messages API events (Anthropic, and Vertex AI's streamRawPredict).</summary>
public sealed class SseMessagesDecoder : IStreamDecoder
{
    // Paged: a huge delta's bytes are given back while they are decoded (AnthropicEventMapper).
    private readonly SseParser _parser = new(pagedData: true);
    private readonly List<SseEvent> _parsed = [];

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

    public ModelCallException? Failure { get; private set; }

    public void Dispose() => _parser.Dispose();

    private void Drain(ICollection<ModelStreamEvent> events)
    {
        foreach (var sse in _parsed)
        {
            try
            {
                if (Failure is null)
                {
                    events.Add(AnthropicEventMapper.Map(sse));
                }
            }
            catch (ModelCallException ex)
            {
                Failure = ex;
            }
            finally
            {
                sse.Pages?.Dispose();
            }
        }

        _parsed.Clear();
    }
}
