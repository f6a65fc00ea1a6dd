using System.Collections.Concurrent;
using System.Text.Json;
using Keel.Core.Permissions;
using Keel.Core.Tools;

namespace Keel.Core.Hooks;

/// <summary>
/// Evaluates a handler's <c>if</c> (one permission rule) against a tool call with the permission
/// engine itself, so <c>Bash(git *)</c> or <c>Edit(src/**)</c> match exactly as they would in settings.
/// The rule is evaluated as a deny rule: those match wherever a command hides in a compound line.
/// </summary>
public sealed class HookConditions(string projectDirectory, string home, ToolCatalog? tools = null)
{
    private readonly ConcurrentDictionary<string, PermissionEngine?> _engines = new(StringComparer.Ordinal);

    public bool Matches(string rule, string toolName, JsonElement input, string cwd)
    {
        var engine = _engines.GetOrAdd(rule, text =>
        {
            var (parsed, _) = PermissionRuleParser.Parse(text, PermissionBehavior.Deny, "hook", projectDirectory);
            return parsed is null ? null : new PermissionEngine(new PermissionContext(projectDirectory, [], home, PermissionMode.Default, [parsed]), tools);
        });
        if (engine is null)
        {
            return false;
        }

        var decision = engine.Evaluate(toolName, input, cwd).Decision;
        return decision.Behavior == PermissionBehavior.Deny && decision.Rule is not null;
    }
}
