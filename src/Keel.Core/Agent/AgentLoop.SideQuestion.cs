using System.Runtime.CompilerServices;
using Keel.Core.Agent.Budget;
using Keel.Core.Agent.Subagents;
using Keel.Core.Messages;
using Keel.Core.Model;
using Keel.Core.Tools;

namespace Keel.Core.Agent;

public sealed partial class AgentLoop
{
    /// <summary>A model that calls tools anyway gets their refusals back once, then must answer.</summary>
    private const int SideQuestionRequests = 2;

    /// <summary>
    /// <c>/btw &lt;question&gt;</c>: answers from the conversation as it stands without joining it. The request is a fork:
    /// this conversation's model, system, tools, thinking and cache markers with the question last, so the provider
    /// reads the prefix it cached. The tools stay defined (their bytes are that prefix) and the permission layer refuses
    /// every call. Nothing is recorded, the conversation is unchanged, and the answer is the finished turn's result.
    /// </summary>
    public async IAsyncEnumerable<AgentEvent> AskSideQuestionAsync(string question, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var messages = ConversationFork.WithDirective(Messages, SideQuestionPrompt.Directive(question));
        // Refused calls never run, so no hook is told about them either.
        var refusing = new ToolRunner(_runner.Pipeline.With(static p => p with
        {
            Hooks = null,
            Tools = [.. p.Tools.Select(static t => new ForkRefusedTool(t, $"{t.Name} {SideQuestionPrompt.Refusal}"))],
        }));
        for (var index = 1; ; index++)
        {
            var request = BuildRequest(messages);
            using var reservation = _options.MaxBudgetUsd is { } limit ? SpendingLimit.Reserve(Cost, request, limit) : null;
            if (reservation is { Check: var spending } && _options.MaxBudgetUsd is { } budget)
            {
                if (spending.Request is null)
                {
                    yield return new TurnFinished(TerminalReason.BudgetExceeded, string.Empty, 0, null, null, Transition.UserInput) { Detail = BudgetDetail(spending, budget) };
                    yield break;
                }

                request = spending.Request;
            }

            var call = new ModelCallResult();
            await foreach (var unused in _caller.StreamAsync(request, index, call, cancellationToken))
            {
                // The answer is shown as the result, not streamed as the conversation's next message.
            }

            if (call.Message is not { } answer)
            {
                yield return new TurnFinished(cancellationToken.IsCancellationRequested ? TerminalReason.Aborted : TerminalReason.ModelError, string.Empty, 0,
                    call.Error ?? new ModelError(ModelErrorKind.Protocol, "the model returned no message"), null, Transition.UserInput);
                yield break;
            }

            Cost.Add(answer.Model.Length > 0 ? answer.Model : _model, answer.Usage);
            reservation?.Dispose();
            IReadOnlyList<ToolUseBlock> uses = [.. answer.Message.ToolUses];
            if (uses.Count == 0 || index == SideQuestionRequests)
            {
                var text = answer.Message.Text.Trim();
                yield return new TurnFinished(TerminalReason.Completed, text.Length > 0 ? text : "(The model gave no answer without tools.)", index, null, answer.StopReason, Transition.UserInput);
                yield break;
            }

            var outcomes = new List<ToolOutcome>();
            await foreach (var unused in refusing.RunAsync(uses, outcomes, cancellationToken))
            {
                // Refusals only: nothing runs, so there is nothing to show.
            }

            var results = new Message(Role.User, [.. outcomes.Select(static o => (ContentBlock)new ToolResultBlock(o.Call.Id, o.Result.Content, o.Result.IsError))]);
            messages = [.. messages, answer.Message, results];
        }
    }
}
