using System.Text.Json;

namespace Keel.Core.Hooks;

/// <summary>
/// Exit-code and output semantics of the reference client: 0 = success (stdout parsed as JSON when it
/// starts with <c>{</c>), 2 = block with stderr as the reason (JSON ignored), anything else = a
/// non-blocking error shown to the user unless valid JSON on stdout states a decision.
/// </summary>
public static class HookResultInterpreter
{
    public static HookResult Interpret(HookEvent hookEvent, HookExecution execution)
    {
        if (execution.StartError is { } startError)
        {
            return new HookResult { Error = startError };
        }

        if (execution.TimedOut)
        {
            return new HookResult { Error = "timed out; cancelled with no decision" };
        }

        var stderr = execution.Stderr.Trim();
        if (execution.ExitCode == 2)
        {
            var reason = stderr.Length > 0 ? stderr : "blocked by hook (exit code 2, no message on stderr)";
            return HookEvents.CanBlock(hookEvent)
                ? new HookResult { Blocked = true, Reason = reason }
                : new HookResult { Error = $"exit code 2 cannot block {hookEvent}: {FirstLine(reason)}" };
        }

        var stdout = execution.Stdout.Trim();
        HookResult? parsed = null;
        string? jsonError = null;
        if (stdout.StartsWith('{'))
        {
            (parsed, jsonError) = Parse(hookEvent, stdout);
        }

        if (execution.ExitCode is not 0)
        {
            var failure = $"failed with exit code {execution.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"}"
                + (stderr.Length > 0 ? $": {FirstLine(stderr)}" : string.Empty);
            return parsed is { } decided && (decided.Blocked || decided.PermissionDecision is not null || decided.RequestBehavior is not null)
                ? decided with { Error = failure }
                : new HookResult { Error = failure };
        }

        if (jsonError is not null)
        {
            return new HookResult { Error = jsonError };
        }

        if (parsed is not null)
        {
            return parsed;
        }

        return stdout.Length > 0 && HookEvents.TakesPlainTextContext(hookEvent)
            ? new HookResult { AdditionalContext = stdout }
            : HookResult.None;
    }

    private static (HookResult? Result, string? Error) Parse(HookEvent hookEvent, string stdout)
    {
        try
        {
            using var doc = JsonDocument.Parse(stdout);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, "printed JSON that is not an object; ignored");
            }

            var result = new HookResult
            {
                Stop = root.TryGetProperty("continue", out var c) && c.ValueKind == JsonValueKind.False,
                StopReason = Text(root, "stopReason"),
                SystemMessage = Text(root, "systemMessage"),
            };

            var decision = Text(root, "decision");
            var reason = Text(root, "reason");
            var specific = root.TryGetProperty("hookSpecificOutput", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
            if (specific.ValueKind == JsonValueKind.Object)
            {
                result = result with { AdditionalContext = Text(specific, "additionalContext") };
            }

            return (hookEvent switch
            {
                HookEvent.PreToolUse => PreToolUse(result, specific, decision, reason),
                HookEvent.PermissionRequest => PermissionRequest(result, specific),
                _ when decision == "block" && HookEvents.CanBlock(hookEvent) => result with { Blocked = true, Reason = reason ?? $"blocked by a {hookEvent} hook" },
                _ => result,
            }, null);
        }
        catch (JsonException ex)
        {
            return (null, $"printed invalid JSON ({ex.Message}); output ignored");
        }
    }

    private static HookResult PreToolUse(HookResult result, JsonElement specific, string? legacyDecision, string? legacyReason)
    {
        var permission = specific.ValueKind == JsonValueKind.Object ? Text(specific, "permissionDecision") : null;
        var reason = specific.ValueKind == JsonValueKind.Object ? Text(specific, "permissionDecisionReason") : null;

        // The deprecated top-level form: approve = allow, block = deny.
        permission ??= legacyDecision switch
        {
            "approve" => "allow",
            "block" => "deny",
            _ => null,
        };
        reason ??= legacyReason;
        if (permission is not (null or "allow" or "deny" or "ask" or "defer"))
        {
            return result with { Error = $"unknown permissionDecision \"{permission}\"; ignored" };
        }

        JsonElement? updated = specific.ValueKind == JsonValueKind.Object && specific.TryGetProperty("updatedInput", out var u) && u.ValueKind == JsonValueKind.Object
            ? u.Clone()
            : null;
        return result with { PermissionDecision = permission, Reason = reason, UpdatedInput = updated };
    }

    private static HookResult PermissionRequest(HookResult result, JsonElement specific)
    {
        if (specific.ValueKind != JsonValueKind.Object || !specific.TryGetProperty("decision", out var d) || d.ValueKind != JsonValueKind.Object)
        {
            return result;
        }

        var behavior = Text(d, "behavior");
        if (behavior is not ("allow" or "deny"))
        {
            return result with { Error = $"unknown decision.behavior \"{behavior}\"; ignored" };
        }

        JsonElement? updated = d.TryGetProperty("updatedInput", out var u) && u.ValueKind == JsonValueKind.Object ? u.Clone() : null;
        JsonElement? permissions = d.TryGetProperty("updatedPermissions", out var p) && p.ValueKind == JsonValueKind.Array ? p.Clone() : null;
        return result with { RequestBehavior = behavior, Reason = Text(d, "message"), UpdatedInput = updated, UpdatedPermissions = permissions };
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string FirstLine(string text)
    {
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        return newline < 0 ? text : text[..newline].TrimEnd();
    }
}
