using System.Text.Json;
using Keel.Core.Interaction;
using Keel.Core.Permissions;
using Keel.Core.Sessions;

namespace Keel.Cli.Acp;

/// <summary>Permission and plan requests as <c>session/request_permission</c> calls to the client.</summary>
internal sealed partial class AcpSession
{
    internal const string AllowOnce = "allow_once";
    internal const string AllowAlways = "allow_always";
    internal const string RejectOnce = "reject_once";
    internal const string RejectAlways = "reject_always";

    /// <summary>
    /// The choices for a call: once or always (the rule Keel would save, when there is a sensible one), allow or
    /// reject. "Always" saves the rule to the project's <c>.keel/settings.local.json</c>, as the terminal's dialog does.
    /// </summary>
    internal static IReadOnlyList<AcpPermissionOption> PermissionOptions(string? suggestedRule)
    {
        var options = new List<AcpPermissionOption> { new(AllowOnce, "Allow once", AllowOnce) };
        if (suggestedRule is not null)
        {
            options.Add(new(AllowAlways, $"Always allow {suggestedRule}", AllowAlways));
        }

        options.Add(new(RejectOnce, "Reject", RejectOnce));
        if (suggestedRule is not null)
        {
            options.Add(new(RejectAlways, $"Always reject {suggestedRule}", RejectAlways));
        }

        return options;
    }

    /// <summary>Keel's answer to the client's outcome (<c>selected</c> with an option id, or <c>cancelled</c>).</summary>
    internal static (PermissionAnswer Answer, bool RememberDeny) ReadPermissionOutcome(JsonElement result)
    {
        var selected = SelectedOption(result);
        return selected switch
        {
            AllowOnce => (new PermissionAnswer(PermissionAnswerKind.AllowOnce), false),
            AllowAlways => (new PermissionAnswer(PermissionAnswerKind.AllowAlways), false),
            RejectAlways => (new PermissionAnswer(PermissionAnswerKind.Reject, "The user rejected this call and every call like it. Wait for their next instruction."), true),
            RejectOnce => (new PermissionAnswer(PermissionAnswerKind.Reject), false),
            null => (new PermissionAnswer(PermissionAnswerKind.Reject, "The user cancelled the turn before answering."), false),
            _ => (new PermissionAnswer(PermissionAnswerKind.Reject, $"The editor answered with an unknown option '{selected}'; the call was not run."), false),
        };
    }

    /// <summary>The chosen option id, or null when the client answered <c>cancelled</c> (or nothing readable).</summary>
    private static string? SelectedOption(JsonElement result) =>
        result.ValueKind == JsonValueKind.Object
        && result.TryGetProperty("outcome", out var outcome) && outcome.ValueKind == JsonValueKind.Object
        && outcome.TryGetProperty("outcome", out var kind) && kind.ValueKind == JsonValueKind.String && kind.GetString() == "selected"
        && outcome.TryGetProperty("optionId", out var option) && option.ValueKind == JsonValueKind.String
            ? option.GetString()
            : null;

    private async Task ForwardPermissionAsync(PermissionRequested request)
    {
        var call = ToolCall(request.ToolUseId, request.ToolName, request.Input, request.Facets, "pending");
        var toolCall = new AcpToolCallUpdate(call.ToolCallId) { Title = call.Title, Kind = call.Kind, Status = call.Status, Content = call.Content, Locations = call.Locations, RawInput = call.RawInput };
        var payload = new AcpRequestPermission(Id, toolCall, PermissionOptions(request.SuggestedRule));
        var result = await AskClientAsync(request.RequestId, JsonSerializer.Serialize(payload, AcpJson.Default.AcpRequestPermission));
        if (result is null)
        {
            return;
        }

        var (answer, rememberDeny) = ReadPermissionOutcome(result.Value);
        if (rememberDeny)
        {
            var updater = new PermissionUpdater(_setup.Policy.Context);
            foreach (var rule in updater.SuggestAll(request.ToolName, request.Facets, _setup.Tools.CurrentDirectory))
            {
                if (updater.Add(rule, PermissionBehavior.Deny) is { } error)
                {
                    await _log.WriteLineAsync($"Warning: could not save the deny rule {rule}: {error}");
                }
            }
        }

        _ = _setup.Session.Submit(new AnswerPermission(request.RequestId, answer));
    }

    /// <summary>ExitPlanMode's review: the options say which mode the work continues in, or that planning goes on.</summary>
    private async Task ForwardPlanAsync(PlanApprovalRequested request)
    {
        string toolCallId;
        lock (_gate)
        {
            toolCallId = _running.Count > 0 ? _running[^1] : "plan-" + request.RequestId;
        }

        var toolCall = new AcpToolCallUpdate(toolCallId)
        {
            Title = "Ready to code?",
            Kind = "switch_mode",
            Status = "pending",
            Content = [new AcpContentItem(new AcpTextContent(request.Plan))],
        };
        AcpPermissionOption[] options =
        [
            new("acceptEdits", "Yes, and accept edits automatically", AllowAlways),
            new("default", "Yes, and ask before each edit", AllowOnce),
            new("plan", "No, keep planning", RejectOnce),
        ];
        var result = await AskClientAsync(request.RequestId, JsonSerializer.Serialize(new AcpRequestPermission(Id, toolCall, options), AcpJson.Default.AcpRequestPermission));
        if (result is null)
        {
            return;
        }

        var review = SelectedOption(result.Value) switch
        {
            "acceptEdits" => new PlanReview(true, PermissionMode.AcceptEdits),
            "default" => new PlanReview(true, PermissionMode.Default),
            _ => new PlanReview(false, PermissionMode.Plan, "The user did not approve the plan. Keep planning and wait for their next instruction."),
        };
        _ = _setup.Session.Submit(new ApprovePlan(request.RequestId, review));
    }

    /// <summary>
    /// AskUserQuestion: ACP v1 has no question dialog, so each question is a <c>session/request_permission</c> whose
    /// options are its choices ("skip" leaves it unanswered). A multi-select question is asked again after each pick,
    /// offering the choices not picked yet plus "done" (which ends it with the picks so far); the picks go to the
    /// model comma-separated, as the terminal's dialog sends them. A cancelled question ends the asking.
    /// </summary>
    private async Task ForwardQuestionsAsync(QuestionRequested request)
    {
        string toolCallId;
        lock (_gate)
        {
            toolCallId = _running.Count > 0 ? _running[^1] : "question-" + request.RequestId;
        }

        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var question in request.Questions)
        {
            var picked = new List<int>();
            while (true)
            {
                var payload = QuestionRequest(Id, toolCallId, question, picked);
                var result = await AskClientAsync(request.RequestId, JsonSerializer.Serialize(payload, AcpJson.Default.AcpRequestPermission));
                if (result is null)
                {
                    return;
                }

                var selected = SelectedOption(result.Value);
                if (selected is null)
                {
                    // Cancelled: nothing more is asked; what was answered so far goes back.
                    _ = _setup.Session.Submit(new AnswerQuestion(request.RequestId, answers.Count == 0 ? null : answers));
                    return;
                }

                var index = ChoiceIndex(selected, question.Options.Count);
                if (index is { } pick && !picked.Contains(pick))
                {
                    picked.Add(pick);
                }

                if (!question.MultiSelect || index is null || picked.Count == question.Options.Count)
                {
                    break;
                }
            }

            if (picked.Count > 0)
            {
                answers[question.Question] = string.Join(", ", picked.Order().Select(i => question.Options[i].Label));
            }
        }

        _ = _setup.Session.Submit(new AnswerQuestion(request.RequestId, answers.Count == 0 ? null : answers));
    }

    /// <summary>One round of a question: its choices (those not picked yet), then "done" once something is picked, else "skip".</summary>
    internal static AcpRequestPermission QuestionRequest(string sessionId, string toolCallId, UserQuestion question, IReadOnlyList<int> picked)
    {
        var lines = new List<string> { question.Question };
        if (question.MultiSelect)
        {
            lines.Add(picked.Count == 0
                ? "(Several may be chosen: pick one, and you are asked again for the next.)"
                : $"(Chosen so far: {string.Join(", ", picked.Order().Select(i => question.Options[i].Label))}. Pick another, or Done.)");
        }

        lines.AddRange(question.Options.Select(static o => o.Description.Length > 0 ? $"- {o.Label}: {o.Description}" : $"- {o.Label}"));
        var toolCall = new AcpToolCallUpdate(toolCallId)
        {
            Title = question.Header.Length > 0 ? $"{question.Header}: {question.Question}" : question.Question,
            Kind = "other",
            Status = "pending",
            Content = [new AcpContentItem(new AcpTextContent(string.Join("\n", lines)))],
        };
        List<AcpPermissionOption> options = [.. question.Options
            .Select(static (o, i) => (Option: o, Index: i))
            .Where(c => !picked.Contains(c.Index))
            .Select(static c => new AcpPermissionOption(QuestionOptionPrefix + c.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), c.Option.Label, AllowOnce))];
        options.Add(picked.Count > 0 ? new AcpPermissionOption("done", "Done", AllowAlways) : new AcpPermissionOption("skip", "Skip this question", RejectOnce));
        return new AcpRequestPermission(sessionId, toolCall, options);
    }

    private static int? ChoiceIndex(string selected, int count) =>
        selected.StartsWith(QuestionOptionPrefix, StringComparison.Ordinal)
        && int.TryParse(selected.AsSpan(QuestionOptionPrefix.Length), System.Globalization.CultureInfo.InvariantCulture, out var index)
        && index >= 0 && index < count
            ? index
            : null;

    private const string QuestionOptionPrefix = "choice-";

    /// <summary>Sends a request to the client; null when the session's request was cancelled first (the turn ended).</summary>
    private async Task<JsonElement?> AskClientAsync(string requestId, string payload)
    {
        using var asking = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        _asks[requestId] = asking;
        try
        {
            return await _rpc.RequestAsync("session/request_permission", payload, asking.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (Exception ex) when (ex is AcpException or IOException)
        {
            // A client that cannot answer gets the call refused, never run unasked.
            await _log.WriteLineAsync($"Warning: the editor did not answer a permission request: {ex.Message}");
            return default(JsonElement);
        }
        finally
        {
            _asks.TryRemove(requestId, out _);
        }
    }
}
