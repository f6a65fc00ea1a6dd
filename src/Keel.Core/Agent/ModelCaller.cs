using System.Runtime.CompilerServices;
using Keel.Core.Cost;
using Keel.Core.Model;
using Keel.Core.Recovery;

namespace Keel.Core.Agent;

/// <summary>
/// Streams one model response, retrying recoverable failures from scratch. Errors that are
/// being retried stay out of sight except for a <see cref="RetryScheduled"/> event.
/// </summary>
public sealed partial class ModelCaller(IModelClient client, RetryPolicy policy, TimeProvider time)
{
    /// <summary>The model to switch to after <see cref="RetryPolicy.MaxConsecutiveOverloaded"/> 529s in a row (the first of <see cref="FallbackModels"/>).</summary>
    public string? FallbackModel
    {
        get => FallbackModels.Count > 0 ? FallbackModels[0] : null;
        init => FallbackModels = value is { Length: > 0 } ? [value] : [];
    }

    /// <summary>
    /// Models tried in order when the current one stays overloaded or the provider does not know it
    /// (<see cref="ModelErrorCategory.ModelNotFound"/>). Each switch is reported with <see cref="ModelFallbackActivated"/>.
    /// </summary>
    public IReadOnlyList<string> FallbackModels { get; init; } = [];

    /// <summary>Re-read once after a 401; null means a 401 fails at once.</summary>
    public ICredentialSource? Credentials { get; init; }

    /// <summary>The output ceiling and deadline of each attempt.</summary>
    public StreamLimits Limits { get; init; } = StreamLimits.Default;

    public async IAsyncEnumerable<AgentEvent> StreamAsync(
        ModelRequest request,
        int requestIndex,
        ModelCallResult result,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var consecutiveOverloaded = 0;
        var brokenStreams = 0;
        var credentialsRefreshed = false;
        var tried = new List<string> { request.Model };
        for (var attempt = 1; ; attempt++)
        {
            yield return new RequestStarted(requestIndex, attempt);
            var accumulator = new MessageAccumulator();
            ModelError? error = null;
            await foreach (var item in StreamOnceAsync(request, accumulator, cancellationToken))
            {
                if (item.Error is not null)
                {
                    error = item.Error;
                    break;
                }

                yield return item.Event!;
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

            // The id the user can quote when reporting this attempt, whichever stage failed.
            error = error.RequestId is null && accumulator.RequestId is { } requestId ? error with { RequestId = requestId } : error;
            if (error.Kind == ModelErrorKind.OutputLimit)
            {
                // Asking again would stream the same runaway answer; what arrived in time is kept instead.
                result.Partial = accumulator.BuildTextOnly();
                result.Error = error with { Attempts = attempt };
                yield break;
            }

            if (error.Kind == ModelErrorKind.Http && error.Category == ModelErrorCategory.Authentication)
            {
                if (!credentialsRefreshed && Credentials is not null && await Credentials.RefreshAsync(cancellationToken))
                {
                    credentialsRefreshed = true;
                    continue;
                }

                result.Error = error with { Message = Unauthorized(error, credentialsRefreshed), Attempts = attempt };
                yield break;
            }

            // The model refused a feature: the client leaves it out from now on and the request goes again at once.
            // TurnOff answers null when it was already off, so a second refusal ends as an error below.
            if (error.Category == ModelErrorCategory.UnsupportedFeature && error.UnsupportedFeature is { } feature
                && client is IModelCapabilities capabilities && capabilities.TurnOff(request.Model, feature) is { } name)
            {
                yield return new ModelFeatureTurnedOff(name, feature, error);
                continue;
            }

            brokenStreams = error.Kind == ModelErrorKind.BrokenStream ? brokenStreams + 1 : brokenStreams;
            if (error.Kind == ModelErrorKind.BrokenStream && brokenStreams > policy.MaxBrokenStreamRetries)
            {
                result.Error = error with
                {
                    Message = $"the server sent a broken response stream {brokenStreams} times, so Keel stopped retrying; the last: {error.Message}",
                    Attempts = attempt,
                };
                yield break;
            }

            consecutiveOverloaded = RetryPolicy.IsOverloaded(error) ? consecutiveOverloaded + 1 : 0;
            var switchModel = (consecutiveOverloaded >= policy.MaxConsecutiveOverloaded && !request.IsBackground)
                || error.Category == ModelErrorCategory.ModelNotFound;
            if (switchModel && NextFallback(tried) is { } fallback)
            {
                tried.Add(fallback);
                yield return new ModelFallbackActivated(request.Model, fallback, error);
                request = SwitchModel(request, fallback);
                result.FallbackModel = fallback;
                consecutiveOverloaded = 0;
                continue;
            }

            if (GivesUp(request, error, attempt, consecutiveOverloaded) is { } final)
            {
                result.Error = final with { Attempts = attempt };
                yield break;
            }

            var delay = policy.DelayFor(attempt, error);
            yield return new RetryScheduled(attempt, policy.RetriesWithoutLimit(error) ? 0 : policy.MaxRetries, delay, error);
            await foreach (var heartbeat in WaitAsync(delay, attempt, error, cancellationToken))
            {
                yield return heartbeat;
            }
        }
    }

    /// <summary>The first model of the chain not tried yet in this call, or null when the chain is used up.</summary>
    private string? NextFallback(List<string> tried)
    {
        foreach (var model in FallbackModels)
        {
            if (model.Length > 0 && !tried.Contains(model, StringComparer.Ordinal))
            {
                return model;
            }
        }

        return null;
    }

    /// <summary>The error to end with, or null to retry.</summary>
    private ModelError? GivesUp(ModelRequest request, ModelError error, int attempt, int consecutiveOverloaded)
    {
        if (!RetryPolicy.IsRetryable(error))
        {
            return error;
        }

        // Nobody waits on a background request, so it does not add load to an overloaded API.
        if (request.IsBackground && RetryPolicy.IsOverloaded(error))
        {
            return error;
        }

        if (policy.RetriesWithoutLimit(error))
        {
            return null;
        }

        if (consecutiveOverloaded >= policy.MaxConsecutiveOverloaded)
        {
            return error with { Message = $"The API stayed overloaded ({consecutiveOverloaded} attempts in a row), so Keel stopped retrying: {error.Message}" };
        }

        return attempt > policy.MaxRetries ? error : null;
    }

    /// <summary>Sleeps for <paramref name="delay"/>, reporting every heartbeat interval so long unattended waits stay visible.</summary>
    private async IAsyncEnumerable<AgentEvent> WaitAsync(TimeSpan delay, int attempt, ModelError error, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        var heartbeats = policy.RetriesWithoutLimit(error) && policy.HeartbeatInterval > TimeSpan.Zero;
        while (heartbeats && delay - waited > policy.HeartbeatInterval)
        {
            await Task.Delay(policy.HeartbeatInterval, time, cancellationToken);
            waited += policy.HeartbeatInterval;
            yield return new RetryHeartbeat(attempt, waited, delay - waited, error);
        }

        await Task.Delay(delay - waited, time, cancellationToken);
    }

    private static ModelRequest SwitchModel(ModelRequest request, string model)
    {
        var maxOutput = ModelCatalog.Get(model).MaxOutputTokens;
        var maxTokens = Math.Min(request.MaxTokens, maxOutput);
        var thinking = ThinkingBudgets.ForModel(model, request.Thinking);
        thinking = thinking is { BudgetTokens: { } budget } && budget >= maxTokens
            ? thinking with { BudgetTokens = Math.Max(1024, maxTokens / 2) }
            : thinking;
        return request with
        {
            Model = model,
            MaxTokens = maxTokens,
            Thinking = thinking,
            Messages = ThinkingBlocks.DropFromAssistantMessages(request.Messages),
        };
    }

    private static string Unauthorized(ModelError error, bool refreshed) => refreshed
        ? $"The API rejected the key from apiKeyHelper even after running it again ({error.Status ?? 401}): {error.Message}"
        : $"The API rejected the credentials ({error.Status ?? 401}): {error.Message}. {error.Advice ?? "Check ANTHROPIC_API_KEY / ANTHROPIC_AUTH_TOKEN, or set apiKeyHelper in settings."}";
}
