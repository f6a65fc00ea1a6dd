using System.Runtime.CompilerServices;
using Keel.Core.Model;

namespace Keel.Core.Agent;

/// <summary>
/// One attempt: model stream events turned into agent events, or the error that ended it. The attempt
/// is held to the protocol (see <see cref="MessageAccumulator.Violation"/>), to an output ceiling derived
/// from <c>max_tokens</c>, and to a deadline (<see cref="StreamLimits"/>).
/// </summary>
public sealed partial class ModelCaller
{
    private async IAsyncEnumerable<(AgentEvent? Event, ModelError? Error)> StreamOnceAsync(
        ModelRequest request,
        MessageAccumulator accumulator,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var deadline = Limits.AttemptDeadline(request.MaxTokens);
        var ceiling = Limits.OutputCeiling(request.MaxTokens);
        var started = time.GetTimestamp();
        await using var events = client.StreamAsync(request, cancellationToken).GetAsyncEnumerator(cancellationToken);
        long output = 0;
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

            // Checked per event, not by a timer: silence is the idle limit's job; this catches a stream
            // that keeps trickling just fast enough to never be idle.
            if (error is null && time.GetElapsedTime(started) > deadline)
            {
                error = new ModelError(
                    ModelErrorKind.OutputLimit,
                    $"the response was still streaming after {Seconds(deadline)}, the per-attempt deadline for max_tokens={request.MaxTokens}; "
                    + "Keel stopped reading it (KEEL_ATTEMPT_TIMEOUT_MS sets the deadline)");
            }

            if (error is not null)
            {
                yield return (null, error);
                yield break;
            }

            var streamEvent = events.Current;
            if (streamEvent is ContentBlockDeltaEvent { Delta: var counted })
            {
                output += Length(counted);
                if (output > ceiling)
                {
                    yield return (null, new ModelError(
                        ModelErrorKind.OutputLimit,
                        $"the response streamed more than {ceiling:N0} characters, more than max_tokens={request.MaxTokens} allows; "
                        + "Keel stopped reading it (KEEL_OUTPUT_CHARS_PER_TOKEN raises the ceiling)"));
                    yield break;
                }
            }

            var finished = accumulator.Apply(streamEvent);
            if (accumulator.Violation is { } violation)
            {
                yield return (null, new ModelError(ModelErrorKind.BrokenStream, "the response stream broke the protocol: " + violation));
                yield break;
            }

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

    private static long Length(ContentDelta delta) => delta switch
    {
        TextDelta t => t.Text.Length,
        InputJsonDelta j => j.PartialJson.Length,
        ThinkingDelta th => th.Thinking.Length,
        SignatureDelta s => s.Signature.Length,
        _ => 0,
    };

    private static string Seconds(TimeSpan span) => span.TotalSeconds >= 1 ? $"{span.TotalSeconds:0.#} s" : $"{span.TotalMilliseconds:0} ms";
}
