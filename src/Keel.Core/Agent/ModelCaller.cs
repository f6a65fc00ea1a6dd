using System.Runtime.CompilerServices;
using Keel.Core.Model;
using Keel.Core.Recovery;

namespace Keel.Core.Agent;

/// <summary>
/// Streams one model response, retrying recoverable failures from scratch. Errors that are
/// being retried stay out of sight except for a <see cref="RetryScheduled"/> event.
/// </summary>
public sealed class ModelCaller(IModelClient client, RetryPolicy policy, TimeProvider time)
{
    public async IAsyncEnumerable<AgentEvent> StreamAsync(
        ModelRequest request,
        int requestIndex,
        ModelCallResult result,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var consecutiveOverloaded = 0;
        for (var attempt = 1; ; attempt++)
        {
            yield return new RequestStarted(requestIndex, attempt);
            var accumulator = new MessageAccumulator();
            ModelError? error = null;
            await using (var events = client.StreamAsync(request, cancellationToken).GetAsyncEnumerator(cancellationToken))
            {
                while (true)
                {
                    try
                    {
                        if (!await events.MoveNextAsync())
                        {
                            break;
                        }
                    }
                    catch (ModelCallException ex)
                    {
                        error = ex.Error;
                        break;
                    }

                    var streamEvent = events.Current;
                    var finished = accumulator.Apply(streamEvent);
                    yield return new StreamEventReceived(streamEvent);
                    if (streamEvent is ContentBlockDeltaEvent { Delta: var delta })
                    {
                        if (delta is TextDelta text)
                        {
                            yield return new AssistantTextDelta(text.Text);
                        }
                        else if (delta is ThinkingDelta thinking)
                        {
                            yield return new AssistantThinkingDelta(thinking.Thinking);
                        }
                    }

                    if (finished is not null)
                    {
                        yield return new AssistantBlockCompleted(accumulator.Id, accumulator.Model, finished, accumulator.Usage, accumulator.RequestId);
                    }
                }
            }

            if (error is null && !accumulator.Stopped)
            {
                error = new ModelError(ModelErrorKind.Connection, "the response stream ended before message_stop");
            }

            if (error is null)
            {
                result.Message = accumulator.Build();
                yield return new AssistantMessageCompleted(result.Message);
                yield break;
            }

            consecutiveOverloaded = RetryPolicy.IsOverloaded(error) ? consecutiveOverloaded + 1 : 0;
            if (!RetryPolicy.IsRetryable(error) || attempt > policy.MaxRetries || consecutiveOverloaded >= policy.MaxConsecutiveOverloaded)
            {
                result.Error = consecutiveOverloaded >= policy.MaxConsecutiveOverloaded
                    ? error with { Message = $"Repeated overloaded errors ({consecutiveOverloaded} in a row): {error.Message}" }
                    : error;
                yield break;
            }

            var delay = policy.DelayFor(attempt, error);
            yield return new RetryScheduled(attempt, policy.MaxRetries, delay, error);
            await Task.Delay(delay, time, cancellationToken);
        }
    }
}
