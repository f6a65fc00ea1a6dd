using System.Runtime.CompilerServices;
using Keel.Core.Model;

namespace Keel.Core.Agent;

/// <summary>One attempt: model stream events turned into agent events, or the error that ended it.</summary>
public sealed partial class ModelCaller
{
    private async IAsyncEnumerable<(AgentEvent? Event, ModelError? Error)> StreamOnceAsync(
        ModelRequest request,
        MessageAccumulator accumulator,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var events = client.StreamAsync(request, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            ModelError? error = null;
            try
            {
                if (!await events.MoveNextAsync())
                {
                    yield break;
                }
            }
            catch (ModelCallException ex)
            {
                error = ex.Error;
            }

            if (error is not null)
            {
                yield return (null, error);
                yield break;
            }

            var streamEvent = events.Current;
            var finished = accumulator.Apply(streamEvent);
            yield return (new StreamEventReceived(streamEvent), null);
            if (streamEvent is ContentBlockDeltaEvent { Delta: var delta })
            {
                if (delta is TextDelta text)
                {
                    yield return (new AssistantTextDelta(text.Text), null);
                }
                else if (delta is ThinkingDelta thinking)
                {
                    yield return (new AssistantThinkingDelta(thinking.Thinking), null);
                }
            }

            if (finished is not null)
            {
                yield return (new AssistantBlockCompleted(accumulator.Id, accumulator.Model, finished, accumulator.Usage, accumulator.RequestId), null);
            }
        }
    }
}
