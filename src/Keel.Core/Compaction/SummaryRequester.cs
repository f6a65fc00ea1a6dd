using Keel.Core.Agent;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Recovery;

namespace Keel.Core.Compaction;

/// <summary>
/// Sends the summary request: background work, so an overloaded (529) answer is not retried; a
/// request that is (or would be) too long drops the oldest fifth of the rounds and tries again.
/// Other failures are retried by <see cref="ModelCaller"/>, as any model call is.
/// </summary>
internal sealed class SummaryRequester(IModelClient client, TimeProvider time)
{
    private const int MaxAttempts = 8;
    private const int MaxTransientRetries = 2;

    // The agent loop's model caller, with compaction's smaller retry budget: the same protocol checks, output
    // limits and retries (a broken or cut stream is retried, never half used); 529s are not retried (background).
    private readonly ModelCaller _caller = new(client, new RetryPolicy { MaxRetries = MaxTransientRetries }, time);

    public async Task<SummaryResult> RequestAsync(
        string model,
        IReadOnlyList<Message> messages,
        string? focus,
        int budgetTokens,
        int maxOutputTokens,
        CancellationToken cancellationToken)
    {
        var groups = ConversationRenderer.Groups(messages);
        var dropped = 0;
        var usage = Usage.Zero;
        ModelError? lastError = null;
        for (var attempt = 0; attempt < MaxAttempts && dropped < groups.Count; attempt++)
        {
            var text = CompactionPrompt.Request(ConversationRenderer.Render(groups.Skip(dropped)), focus, dropped > 0);
            var request = new ModelRequest(model, [new SystemBlock(CompactionPrompt.System, CacheBreakpoint: false)], [Message.UserText(text)], [], maxOutputTokens, IsBackground: true);

            // Compaction has its own size budget: never send a summary request that cannot fit.
            if (TokenEstimator.Estimate(request) > budgetTokens && groups.Count - dropped > 1)
            {
                dropped += DropCount(groups.Count - dropped);
                continue;
            }

            var (message, error) = await SendAsync(request, cancellationToken);
            if (message is not null)
            {
                usage = usage.Add(message.Usage);
                var summary = message.Message.Text;
                return string.IsNullOrWhiteSpace(summary)
                    ? new SummaryResult(null, usage, message.Model, new ModelError(ModelErrorKind.Protocol, "the summary response had no text"))
                    : new SummaryResult(summary, usage, message.Model, null);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return new SummaryResult(null, usage, model, error, Cancelled: true);
            }

            lastError = error;
            if (IsPromptTooLong(error!) && groups.Count - dropped > 1)
            {
                dropped += DropCount(groups.Count - dropped);
                continue;
            }

            return new SummaryResult(null, usage, model, error);
        }

        return new SummaryResult(null, usage, model, lastError ?? new ModelError(ModelErrorKind.Protocol, "the conversation is too long to summarise"));
    }

    public static bool IsPromptTooLong(ModelError error) =>
        error.Category == ModelErrorCategory.ContextTooLong;

    private static int DropCount(int remaining) => Math.Max(1, (int)Math.Ceiling(remaining * 0.2));

    private async Task<(AssistantMessage? Message, ModelError? Error)> SendAsync(ModelRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var result = await _caller.CallAsync(request, cancellationToken);
            return result.Message is { } message
                ? (message, null)
                : (null, result.Error ?? new ModelError(ModelErrorKind.Connection, "the summary request ended without a message"));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (null, new ModelError(ModelErrorKind.Connection, "cancelled"));
        }
    }
}
