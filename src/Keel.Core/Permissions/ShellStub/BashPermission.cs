namespace Keel.Core.Permissions.Shell;

// TEMPORARY: replaced by the shell branch (src/Keel.Core/Permissions/Shell/). Delete when merging.

/// <summary>Stand-in for the real analyzer: denies on an exact deny-rule match, asks for everything else.</summary>
public static class BashPermission
{
    public static BashDecision Decide(string command, BashPermissionContext context)
    {
        var trimmed = command.Trim();
        foreach (var rule in context.Rules)
        {
            if (rule.Behavior == PermissionBehavior.Deny && rule.ToolName == "Bash" && rule.Specifier == trimmed)
            {
                return new BashDecision(PermissionDecision.Deny($"the rule {rule.Text} denies it", rule.Text, rule.Source), [trimmed]);
            }
        }

        return new BashDecision(PermissionDecision.Ask("shell analysis is not available in this build; every command asks"), [trimmed]);
    }
}
