using System.Text.Json;
using Keel.Core.Tools;

namespace Keel.Core.Permissions;

public sealed partial class PermissionEngine
{
    private PermissionRule? BareRule(PermissionBehavior behavior, PermissionCall call)
    {
        foreach (var rule in Context.Rules)
        {
            if (rule.Behavior == behavior && rule.Specifier is null && ToolFamilies.Covers(rule.ToolName, call))
            {
                return rule;
            }
        }

        return null;
    }

    /// <summary>A rule with a specifier for a call without command or paths: by domain, by the tool's rule content, or <c>param:value</c>.</summary>
    private PermissionRule? ScopedRule(PermissionBehavior behavior, PermissionCall call)
    {
        foreach (var rule in Context.Rules)
        {
            if (rule.Behavior != behavior || rule.Specifier is not { } spec || !call.IsGovernedBy(rule.ToolName))
            {
                continue;
            }

            var matches = call.Facets switch
            {
                { Url: { } url } => DomainMatcher.Host(url) is { } host && DomainMatcher.Matches(spec, host),
                { RuleContent: { } content } when !spec.Contains(':', StringComparison.Ordinal) => string.Equals(content, spec.Trim(), StringComparison.Ordinal),
                _ => MatchesParameter(spec, call.Json),
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

    /// <summary>
    /// What the mode says about a call no rule settled: bypass allows; work on the session itself (interaction)
    /// and reads without targets change nothing outside Keel; plan mode allows only asking to reach the network.
    /// </summary>
    private PermissionDecision ModeDecision(PermissionCall call)
    {
        var mode = Context.Mode;
        var name = PermissionModes.Name(mode);
        if (mode == PermissionMode.BypassPermissions)
        {
            return PermissionDecision.Allow($"{name} mode allows {call.Name}", source: "mode");
        }

        if (call.Kind is ToolKind.Interaction || (call.Kind is ToolKind.Read && call.Facets.Url is null))
        {
            return PermissionDecision.Allow($"{call.Name} changes nothing outside Keel", source: "mode");
        }

        if (mode == PermissionMode.Plan && call.Kind is not ToolKind.Network)
        {
            return PermissionDecision.Deny($"plan mode only explores; {call.Name} is not allowed", source: "mode");
        }

        var what = call.Facets.Url is { } url ? $"fetching {url}" : call.Name;
        return PermissionDecision.Ask($"{what} needs approval in {name} mode", source: "mode");
    }

    private static PermissionDecision Cite(PermissionBehavior behavior, PermissionRule rule, string reason) =>
        new(behavior, reason, rule.Text, rule.Source) { File = rule.File };
}
