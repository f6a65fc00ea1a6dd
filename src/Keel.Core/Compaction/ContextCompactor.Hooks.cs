using System.Runtime.CompilerServices;
using Keel.Core.Agent;
using Keel.Core.Hooks;

namespace Keel.Core.Compaction;

/// <summary>
/// PreCompact hooks may block a compaction; after one, PostCompact hooks see the summary and
/// SessionStart hooks (source <c>compact</c>) may add context to the new conversation.
/// </summary>
public sealed partial class ContextCompactor
{
    /// <summary>The session's hooks; null runs none.</summary>
    public HookRunner? Hooks { get; set; }

    private async IAsyncEnumerable<AgentEvent> PreCompactHooksAsync(string trigger, string? focus, HookCheck check, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Hooks is not { } hooks || !hooks.Has(HookEvent.PreCompact))
        {
            yield break;
        }

        var outcome = await hooks.PreCompactAsync(trigger, focus, cancellationToken);
        foreach (var notice in outcome.Notices)
        {
            yield return new HookNotice(HookEvent.PreCompact, notice);
        }

        check.BlockReason = outcome.BlockReason;
    }

    private async IAsyncEnumerable<AgentEvent> PostCompactHooksAsync(string trigger, string summary, HookCheck check, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Hooks is not { } hooks)
        {
            yield break;
        }

        if (hooks.Has(HookEvent.PostCompact))
        {
            var post = await hooks.PostCompactAsync(trigger, summary, cancellationToken);
            foreach (var notice in post.Notices)
            {
                yield return new HookNotice(HookEvent.PostCompact, notice);
            }
        }

        if (hooks.Has(HookEvent.SessionStart))
        {
            var start = await hooks.SessionStartAsync("compact", null, cancellationToken);
            foreach (var notice in start.Notices)
            {
                yield return new HookNotice(HookEvent.SessionStart, notice);
            }

            check.Context = start.JoinedContext is { } context ? $"<system-reminder>\nSessionStart hook additional context:\n{context}\n</system-reminder>" : null;
        }
    }

    /// <summary>What the compaction hooks decided.</summary>
    private sealed class HookCheck
    {
        public string? BlockReason { get; set; }

        public string? Context { get; set; }
    }
}
