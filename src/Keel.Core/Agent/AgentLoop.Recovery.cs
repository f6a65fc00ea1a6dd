using Keel.Core.Agent.Budget;
using Keel.Core.Cost;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Recovery;
using Keel.Core.Sessions;

namespace Keel.Core.Agent;

/// <summary>Recovery inside a turn: fallback model, max_tokens stops, and the spending budget.</summary>
public sealed partial class AgentLoop
{
    /// <summary>Our wording for the turn that asks the model to go on after the output limit cut it off.</summary>
    public const string ContinueAfterMaxTokens =
        "Your last response hit the output limit and was cut off. Continue exactly where it stopped; do not repeat what you already wrote.";

    private bool BudgetSpent() => _options.MaxBudgetUsd is { } budget && Cost.Root.TotalCostUsd >= budget;

    private static string BudgetDetail(SpendingCheck spending, decimal budget) =>
        $"Stopped by the spending limit (--max-budget-usd {budget:0.####}) before the next request: it could cost up to ${spending.WorstCaseUsd:0.####}, and ${Math.Max(0, spending.RemainingUsd):0.####} of the ${budget:0.####} budget is left"
        + (spending.InFlightUsd > 0 ? $" once the requests still running (up to ${spending.InFlightUsd:0.####}) are paid for." : ".");

    /// <summary>
    /// Later turns go to <paramref name="model"/> (an SDK host's <c>set_model</c>); call between turns.
    /// Thinking blocks are dropped as a whole, since another model cannot verify their signatures.
    /// </summary>
    public void SwitchModel(string model)
    {
        if (string.Equals(model, _model, StringComparison.Ordinal))
        {
            return;
        }

        _model = model;
        Messages = ThinkingBlocks.DropFromAssistantMessages(Messages);
    }

    /// <summary>The rest of the session uses the fallback; thinking from the old model cannot be sent to the new one.</summary>
    private (LoopState State, TurnLimits Limits) SwitchToFallback(LoopState state, TurnLimits limits, string fallback)
    {
        _model = fallback;
        var switched = state with { Messages = ThinkingBlocks.DropFromAssistantMessages(state.Messages), Transition = Transition.ModelFallback };
        Commit(switched);
        var maxTokens = Math.Min(limits.MaxTokens, ModelCatalog.Get(fallback).MaxOutputTokens);
        var thinking = limits.Thinking is { BudgetTokens: { } budget } && budget >= maxTokens
            ? limits.Thinking with { BudgetTokens = Math.Max(1024, maxTokens / 2) }
            : limits.Thinking;
        return (switched, limits with { MaxTokens = maxTokens, Thinking = thinking });
    }

    /// <summary>
    /// A response cut off by max_tokens: first the same request again with a higher cap; if that
    /// is cut off too, keep the partial answer and ask the model to go on, a bounded number of times.
    /// </summary>
    private MaxTokensStep RecoverFromMaxTokens(LoopState state, TurnLimits limits, AssistantMessage partial, decimal cost)
    {
        var raised = Math.Min(_options.EscalatedMaxTokens, ModelCatalog.Get(_model).MaxOutputTokens);
        if (!limits.Escalated && raised > limits.MaxTokens)
        {
            // The cut-off answer is dropped: the retry asks the same question with more room.
            return new(state with { Transition = Transition.MaxTokensEscalated }, limits with { MaxTokens = raised, Escalated = true }, Done: false);
        }

        _recorder.RecordAssistant(partial, cost);
        IReadOnlyList<Message> messages = partial.Message.Content.Count > 0 ? [.. state.Messages, partial.Message] : state.Messages;
        var kept = state with { Messages = messages, TurnCount = state.TurnCount + 1 };
        if (limits.Continuations >= _options.MaxTokensContinuations)
        {
            return new(kept, limits, Done: true);
        }

        var prompt = Message.UserText(ContinueAfterMaxTokens);
        _recorder.RecordUser(prompt);
        _carriedText += partial.Message.Text;
        var continued = kept with { Messages = ConversationRepair.AppendUser(messages, prompt), Transition = Transition.MaxTokensContinuation };
        return new(continued, limits with { Escalated = true, Continuations = limits.Continuations + 1 }, Done: false);
    }

    /// <summary>The prompt's token budget is not spent yet: the response is kept and the model is nudged to go on.</summary>
    private LoopState ContinueForTokenBudget(LoopState state, Agent.Budget.TokenBudgetTracker tokenBudget)
    {
        var nudge = Message.UserText(tokenBudget.Nudge());
        _recorder.RecordUser(nudge);
        var continued = state with { Messages = ConversationRepair.AppendUser(state.Messages, nudge), Transition = Transition.TokenBudgetContinuation };
        Commit(continued);
        return continued;
    }

    /// <summary>What one turn may use; replaced when recovery raises the cap or switches the model.</summary>
    private sealed record TurnLimits(int MaxTokens, ThinkingConfig? Thinking, bool Escalated = false, int Continuations = 0)
    {
        public static TurnLimits For(AgentOptions options, string model, Message userMessage)
        {
            var thinking = options.Thinking;
            var maxTokens = ThinkingBudgets.MaxTokensFor(model, Math.Min(options.MaxTokens, ModelCatalog.Get(model).MaxOutputTokens), thinking);
            if (ThinkingBudgets.AsksForUltrathink(userMessage.Text))
            {
                thinking = ThinkingBudgets.RaiseForKeyword(model, thinking);
                maxTokens = ThinkingBudgets.MaxTokensFor(model, maxTokens, thinking);
            }

            return new(maxTokens, thinking);
        }
    }

    private sealed record MaxTokensStep(LoopState State, TurnLimits Limits, bool Done);
}
