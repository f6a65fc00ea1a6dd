using System.Text.Json;
using Keel.Core.Interaction;
using Keel.Core.Permissions;

namespace Keel.Cli.Headless.StreamInput;

/// <summary>
/// Questions and plan reviews for an SDK host: sent as <c>can_use_tool</c> requests for
/// AskUserQuestion (answers come back in <c>updatedInput.answers</c>) and ExitPlanMode (allow approves).
/// </summary>
public sealed class StdioUserInteraction(ControlChannel channel) : IUserInteraction
{
    public bool IsAvailable => channel.IsOpen;

    public async ValueTask<IReadOnlyDictionary<string, string>?> AskQuestionsAsync(IReadOnlyList<UserQuestion> questions, CancellationToken cancellationToken)
    {
        var reply = await AskAsync("AskUserQuestion", w => WriteQuestions(w, questions), cancellationToken);
        if (reply is not { } answer || !IsAllowed(answer)
            || !answer.TryGetProperty("updatedInput", out var updated) || updated.ValueKind != JsonValueKind.Object
            || !updated.TryGetProperty("answers", out var answers) || answers.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in answers.EnumerateObject())
        {
            result[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString()!,
                JsonValueKind.Array => string.Join(", ", property.Value.EnumerateArray().Select(static v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())),
                _ => property.Value.GetRawText(),
            };
        }

        return result;
    }

    public async ValueTask<PlanReview> ReviewPlanAsync(string plan, CancellationToken cancellationToken)
    {
        var reply = await AskAsync("ExitPlanMode", w => w.WriteString("plan", plan), cancellationToken);
        if (reply is not { } answer)
        {
            return new PlanReview(false, PermissionMode.Plan, "The SDK host could not review the plan.");
        }

        if (!IsAllowed(answer))
        {
            var message = answer.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            return new PlanReview(false, PermissionMode.Plan, message);
        }

        return new PlanReview(true, NextMode(answer) ?? PermissionMode.Default);
    }

    // The names sent are the SDK wire protocol's (a host answers can_use_tool for "AskUserQuestion" and
    // "ExitPlanMode"), not a tool list: the question and plan arrive here as requests, whichever tool raised them.
    private async Task<JsonElement?> AskAsync(string toolName, Action<Utf8JsonWriter> writeInput, CancellationToken cancellationToken)
    {
        try
        {
            return await channel.RequestAsync(
                "can_use_tool",
                w =>
                {
                    w.WriteString("tool_name", toolName);
                    w.WriteStartObject("input");
                    writeInput(w);
                    w.WriteEndObject();
                },
                cancellationToken);
        }
        catch (ControlRequestFailedException)
        {
            return null;
        }
    }

    private static bool IsAllowed(JsonElement answer) =>
        answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("behavior", out var b) && b.ValueKind == JsonValueKind.String && b.GetString() == "allow";

    /// <summary>A <c>setMode</c> entry in <c>updatedPermissions</c> chooses the mode after the plan.</summary>
    private static PermissionMode? NextMode(JsonElement answer)
    {
        if (!answer.TryGetProperty("updatedPermissions", out var updates) || updates.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var update in updates.EnumerateArray())
        {
            if (update.ValueKind == JsonValueKind.Object
                && update.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "setMode"
                && update.TryGetProperty("mode", out var mode) && mode.ValueKind == JsonValueKind.String
                && PermissionModes.Parse(mode.GetString()) is { } parsed)
            {
                return parsed;
            }
        }

        return null;
    }

    private static void WriteQuestions(Utf8JsonWriter w, IReadOnlyList<UserQuestion> questions)
    {
        w.WriteStartArray("questions");
        foreach (var question in questions)
        {
            w.WriteStartObject();
            w.WriteString("question", question.Question);
            w.WriteString("header", question.Header);
            w.WriteStartArray("options");
            foreach (var option in question.Options)
            {
                w.WriteStartObject();
                w.WriteString("label", option.Label);
                w.WriteString("description", option.Description);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteBoolean("multiSelect", question.MultiSelect);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
