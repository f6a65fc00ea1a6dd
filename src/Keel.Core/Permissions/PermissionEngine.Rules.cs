using System.Text.Json;

namespace Keel.Core.Permissions;

public sealed partial class PermissionEngine
{
    private static readonly HashSet<string> ReadOnlyTools = new(StringComparer.Ordinal) { "TodoWrite", "WebSearch", "EnterPlanMode", "ExitPlanMode", "AskUserQuestion", "BashOutput", "Skill", "KillShell", "Agent", "Task" };

    private PermissionRule? BareRule(PermissionBehavior behavior, string toolName)
    {
        foreach (var rule in Context.Rules)
        {
            if (rule.Behavior == behavior && rule.Specifier is null && ToolFamilies.Covers(rule.ToolName, toolName))
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary>A rule with a specifier for a tool that is neither Bash nor a file tool.</summary>
    private PermissionRule? ScopedRule(PermissionBehavior behavior, string toolName, JsonElement input)
    {
        foreach (var rule in Context.Rules)
        {
            if (rule.Behavior != behavior || rule.Specifier is not { } spec || rule.ToolName != toolName)
            {
                continue;
            }

            var matches = toolName switch
            {
                "WebFetch" => Field(input, "url") is { } url && DomainMatcher.Host(url) is { } host && DomainMatcher.Matches(spec, host),
                "Agent" when !spec.Contains(':', StringComparison.Ordinal) => Field(input, "subagent_type") is { } agent && string.Equals(agent, spec.Trim(), StringComparison.Ordinal),
                _ => MatchesParameter(spec, input),
            };
            if (matches)
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary><c>Tool(param:value)</c>: a top-level scalar input field equals the value.</summary>
    private static bool MatchesParameter(string spec, JsonElement input)
    {
        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || input.ValueKind != JsonValueKind.Object || !input.TryGetProperty(spec[..colon].Trim(), out var value))
        {
            return false;
        }

        var expected = spec[(colon + 1)..].Trim();
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() == expected,
            JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number => value.GetRawText() == expected,
            _ => false,
        };
    }

    private PermissionDecision ModeDecision(string toolName, JsonElement input)
    {
        var mode = Context.Mode;
        var name = PermissionModes.Name(mode);
        if (mode == PermissionMode.BypassPermissions)
        {
            return PermissionDecision.Allow($"{name} mode allows {toolName}", source: "mode");
        }

        if (ReadOnlyTools.Contains(toolName))
        {
            return PermissionDecision.Allow($"{toolName} changes nothing outside Keel", source: "mode");
        }

        if (mode == PermissionMode.Plan && toolName != "WebFetch")
        {
            return PermissionDecision.Deny($"plan mode only explores; {toolName} is not allowed", source: "mode");
        }

        var what = toolName == "WebFetch" && Field(input, "url") is { } url ? $"fetching {url}" : toolName;
        return PermissionDecision.Ask($"{what} needs approval in {name} mode", source: "mode");
    }

    private static PermissionDecision Cite(PermissionBehavior behavior, PermissionRule rule, string reason) =>
        new(behavior, reason, rule.Text, rule.Source);

    private static string? Field(JsonElement input, string name) =>
        input.ValueKind == JsonValueKind.Object && input.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
