using System.Runtime.CompilerServices;
using Keel.Core.Compaction;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Sessions;

namespace Keel.Core.Agent;

/// <summary>What an interactive surface changes between turns: the conversation (/clear, rewind, /resume) and the model (/model).</summary>
public sealed partial class AgentLoop
{
    /// <summary>The inputs every request is built from (system prompt, tools), e.g. for /context.</summary>
    public AgentOptions Options => _options;

    /// <summary>The session's file checkpoints (null: none kept).</summary>
    public Checkpoints.FileCheckpoints? Checkpoints => _runner.Session.Checkpoints;

    /// <summary>Replaces the conversation between turns; the next turn starts from <paramref name="messages"/>.</summary>
    public void ReplaceConversation(IReadOnlyList<Message> messages)
    {
        _carriedText = string.Empty;
        _runner.Session.Reads.ForgetDelivered();
        Commit(new LoopState(messages, 0, Transition.UserInput));
    }

    /// <summary>
    /// Replaces the conversation because the user asked (<c>/clear</c>, rewind, <c>/resume</c>) and records
    /// that in the transcript, so <c>--continue</c> later restores this conversation and not the old one.
    /// </summary>
    public void ReplaceConversation(ConversationReset reset)
    {
        ReplaceConversation(reset.Messages);
        Prompts = PromptsAfter(Prompts, reset);
        _recorder.RecordConversationReset(reset);
    }

    /// <summary>The rewind points of a conversation loaded from a transcript (<c>-c</c>/<c>-r</c>).</summary>
    public void RestorePrompts(IReadOnlyList<PromptPoint> prompts) => Prompts = prompts;

    /// <summary>What is left to rewind to after a reset: the prompts before the one rewound to; none after /clear or /resume.</summary>
    public static IReadOnlyList<PromptPoint> PromptsAfter(IReadOnlyList<PromptPoint> prompts, ConversationReset reset) =>
        reset.Reason == ConversationReset.Rewind && reset.PromptId is { } id && prompts.ToList().FindIndex(p => p.Id == id) is var at and >= 0
            ? [.. prompts.Take(at)]
            : reset.Reason == ConversationReset.Rewind && reset.PromptId is null ? [.. prompts.Where(p => p.Before.Count < reset.Messages.Count)]
            : [];

    /// <summary>
    /// Rewind's "summarise from here": the conversation before the prompt stays word for word, the prompt and
    /// everything after it become one summary. Reported as a finished turn.
    /// </summary>
    public async IAsyncEnumerable<AgentEvent> SummarizeFromAsync(string promptId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var point = Prompts.FirstOrDefault(p => p.Id == promptId);
        if (point is null || Compaction is null)
        {
            var why = point is null ? "that prompt is no longer in the conversation" : "compaction is off in this session";
            yield return new TurnFinished(TerminalReason.ModelError, string.Empty, 0, new ModelError(ModelErrorKind.Protocol, "Summarising failed: " + why), null, Transition.Compacted);
            yield break;
        }

        var later = Later(point);
        if (later.Count <= 1)
        {
            // Only the prompt itself: there is no reply to condense, and the prompt would be kept word for word anyway.
            yield return new TurnFinished(TerminalReason.ModelError, string.Empty, 0, new ModelError(ModelErrorKind.Protocol, "Nothing to summarise: that prompt has no reply after it yet. Rewind the conversation to it instead."), null, Transition.Compacted);
            yield break;
        }

        // The user chose this part: a short part is summarised even when the summary comes out no shorter.
        var outcome = new CompactionOutcome { AllowLonger = true };
        await foreach (var item in Compaction.CompactAsync(BuildRequest(later), CompactTrigger.Manual, null, outcome, cancellationToken))
        {
            yield return item;
        }

        if (outcome.Messages is not { } summary)
        {
            var error = outcome.Error ?? new ModelError(ModelErrorKind.Protocol, "there is nothing to summarise");
            yield return new TurnFinished(TerminalReason.ModelError, string.Empty, 0, error with { Message = "Summarising failed: " + error.Message }, null, Transition.Compacted);
            yield break;
        }

        var kept = point.Before;
        foreach (var message in summary)
        {
            kept = ConversationRepair.AppendUser(kept, message);
        }

        // Recorded as a rewind after the compaction's boundary, so -c restores the kept part and the summary.
        ReplaceConversation(new ConversationReset(ConversationReset.Rewind, kept) { PromptId = point.Id });
        yield return new TurnFinished(TerminalReason.Completed, "Summarised from that prompt on.", 0, null, null, Transition.Compacted);
    }

    /// <summary>The prompt and what followed it (a prompt sent after an interrupted call shares its message with the results).</summary>
    private List<Message> Later(PromptPoint point)
    {
        var at = point.Before.Count;
        var later = new List<Message>();
        if (at > 0 && at <= Messages.Count && !ReferenceEquals(Messages[at - 1], point.Before[^1]) && Messages[at - 1].Content.Count > point.Before[^1].Content.Count)
        {
            later.Add(new Message(Role.User, [.. Messages[at - 1].Content.Skip(point.Before[^1].Content.Count)]));
        }

        later.AddRange(Messages.Skip(at));
        return later;
    }
}
