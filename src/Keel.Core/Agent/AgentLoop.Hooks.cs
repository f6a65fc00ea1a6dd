using System.Runtime.CompilerServices;
using Keel.Core.Hooks;
using Keel.Core.Messages;

namespace Keel.Core.Agent;

/// <summary>
/// The loop's hook points: UserPromptSubmit before a prompt enters the conversation, Stop when the
/// model wants to end the turn (a block sends it back to work, at most <see cref="MaxStopContinuations"/>
/// times in a row), and context from SessionStart hooks carried into the next prompt.
/// </summary>
public sealed partial class AgentLoop
{
    public const int MaxStopContinuations = 8;

    private readonly List<string> _pendingContext = [];

    /// <summary>The session's hooks; null runs none.</summary>
    public HookRunner? Hooks { get; init; }

    /// <summary>Context for the model (SessionStart hooks); it goes with the next prompt.</summary>
    public void AddContext(string text)
    {
        lock (_pendingContext)
        {
            _pendingContext.Add(text);
        }
    }

    /// <summary>Runs SessionStart hooks (startup, resume, clear, compact); their context goes with the next prompt.</summary>
    public async IAsyncEnumerable<AgentEvent> StartSessionAsync(string source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Hooks is not { } hooks || !hooks.Has(HookEvent.SessionStart))
        {
            yield break;
        }

        var outcome = await hooks.SessionStartAsync(source, _model, cancellationToken);
        foreach (var notice in outcome.Notices)
        {
            yield return new HookNotice(HookEvent.SessionStart, notice);
        }

        if (outcome.JoinedContext is { } context)
        {
            AddContext($"SessionStart hook additional context:\n{context}");
        }
    }

    private async IAsyncEnumerable<AgentEvent> SubmitPromptAsync(Message userMessage, HookStep step, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var extra = new List<ContentBlock>();
        lock (_pendingContext)
        {
            extra.AddRange(_pendingContext.Select(static c => new TextBlock(Reminder(c))));
            _pendingContext.Clear();
        }

        if (Hooks is { } hooks && hooks.Has(HookEvent.UserPromptSubmit))
        {
            var outcome = await hooks.UserPromptSubmitAsync(userMessage.Text, cancellationToken);
            foreach (var notice in outcome.Notices)
            {
                yield return new HookNotice(HookEvent.UserPromptSubmit, notice);
            }

            if (outcome.Blocked)
            {
                var reason = $"The prompt was blocked by a UserPromptSubmit hook: {outcome.BlockReason}";
                yield return new HookNotice(HookEvent.UserPromptSubmit, reason);
                step.StopReason = reason;
                yield break;
            }

            if (outcome.Stop)
            {
                step.StopReason = outcome.StopReason;
                yield break;
            }

            if (outcome.JoinedContext is { } context)
            {
                extra.Add(new TextBlock(Reminder($"UserPromptSubmit hook additional context:\n{context}")));
            }
        }

        step.Message = extra.Count == 0 ? null : userMessage with { Content = [.. userMessage.Content, .. extra] };
    }

    private async IAsyncEnumerable<AgentEvent> StopHooksAsync(AssistantMessage last, int continuations, HookStep step, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Hooks is not { } hooks || !hooks.Has(HookEvent.Stop))
        {
            yield break;
        }

        var outcome = await hooks.StopAsync(continuations > 0, last.Message.Text, cancellationToken);
        foreach (var notice in outcome.Notices)
        {
            yield return new HookNotice(HookEvent.Stop, notice);
        }

        if (outcome.Stop)
        {
            step.StopReason = outcome.StopReason;
            yield break;
        }

        if (!outcome.Blocked)
        {
            yield break;
        }

        if (continuations >= MaxStopContinuations)
        {
            yield return new HookNotice(HookEvent.Stop, $"Stop hooks kept the turn going {MaxStopContinuations} times in a row; ending it anyway.");
            yield break;
        }

        step.Message = Message.UserText($"Stop hook feedback:\n{outcome.BlockReason}");
    }

    private static string Reminder(string text) => $"<system-reminder>\n{text}\n</system-reminder>";

    /// <summary>What a hook step decided: a replacement or follow-up message, or a reason to stop.</summary>
    private sealed class HookStep
    {
        public Message? Message { get; set; }

        public string? StopReason { get; set; }
    }
}
