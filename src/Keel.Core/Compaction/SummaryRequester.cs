using Keel.Core.Agent;
using Keel.Core.Agent.Subagents;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Recovery;

namespace Keel.Core.Compaction;

/// <summary>
/// Sends the summary request. First as a fork of the conversation: the session's own request (model, system, tools,
/// thinking, cache markers) with the summary directive as the last user message, so the provider reads the prefix it
/// cached for the session and only the directive and the summary are new. When that does not fit, is too long, or
/// gives no usable summary (no text, or cut at its token limit), a rendering of the conversation is summarised
/// instead: background work, so an overloaded (529) answer is not retried; a
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

    /// <summary>The fork is worth sending only when this much of the summary's output limit (at 200K) fits beside it.</summary>
    public const int MinimumForkOutputTokens = 4_000;

    /// <param name="session">The session's request as of the compaction (its system, tools and options are kept).</param>
    /// <param name="messages">The part of the conversation to summarise.</param>
    /// <param name="focus">What the user asked the summary to focus on, if anything.</param>
    /// <param name="windowTokens">The context window: the fork's input and output together must fit in it (an estimate
    /// that was too low costs one refused request, then the rendering is sent).</param>
    /// <param name="limitTokens">Input and output of the rendered summary request stay below this (the blocking line).</param>
    /// <param name="maxOutputTokens">The summary's output limit.</param>
    /// <param name="minimumForkOutput">The smallest output limit the fork is sent with (scaled to the window).</param>
    /// <param name="cancellationToken">Stops the request.</param>
    public async Task<SummaryResult> RequestAsync(
        ModelRequest session,
        IReadOnlyList<Message> messages,
        string? focus,
        int windowTokens,
        int limitTokens,
        int maxOutputTokens,
        int minimumForkOutput,
        CancellationToken cancellationToken)
    {
        var model = session.Model;
        var usage = Usage.Zero;
        var fork = session with { Messages = ConversationFork.WithDirective(messages, CompactionPrompt.Directive(focus)), IsBackground = true };
        var forkOutput = (int)Math.Min(maxOutputTokens, windowTokens - TokenEstimator.Estimate(fork));
        if (forkOutput >= Math.Min(maxOutputTokens, minimumForkOutput))
        {
            // A fixed thinking budget must stay below max_tokens; without room for both the summary goes without
            // thinking (the system and tools still come from the cache).
            var thinking = session.Thinking is { BudgetTokens: { } budget } && budget >= forkOutput ? null : session.Thinking;
            var (forked, forkError) = await SendAsync(fork with { MaxTokens = forkOutput, Thinking = thinking }, cancellationToken);
            if (forked is not null)
            {
                usage = usage.Add(forked.Usage);
                if (!string.IsNullOrWhiteSpace(forked.Message.Text) && forked.StopReason != "max_tokens")
                {
                    return new SummaryResult(forked.Message.Text, usage, forked.Model, null);
                }
            }
            else if (cancellationToken.IsCancellationRequested)
            {
                return new SummaryResult(null, usage, model, forkError, Cancelled: true);
            }
            else if (!IsPromptTooLong(forkError!))
            {
                return new SummaryResult(null, usage, model, forkError);
            }
        }

        var rendered = await RenderedAsync(model, messages, focus, limitTokens - maxOutputTokens, maxOutputTokens, cancellationToken);
        return rendered with { Usage = usage.Add(rendered.Usage) };
    }

    /// <summary>The fallback: a rendering of the conversation, dropping its oldest rounds until it fits.</summary>
    private async Task<SummaryResult> RenderedAsync(
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
