namespace Keel.Core.Permissions;

public sealed partial class PermissionEngine
{
    /// <summary>Where rules from a command's or skill's <c>allowed-tools</c> come from, in decisions.</summary>
    public const string TurnRuleSource = "allowedTools";

    public IDisposable? BeginTurn(IReadOnlyList<string> allowedTools)
    {
        AllowForTurn(allowedTools);
        return new TurnScope(Context);
    }

    /// <summary>Adds allow rules for the rest of the current turn; returns the texts that are not valid rules.</summary>
    public IReadOnlyList<string> AllowForTurn(IEnumerable<string> allowedTools)
    {
        var rules = new List<PermissionRule>();
        var invalid = new List<string>();
        foreach (var text in allowedTools)
        {
            var (rule, _) = PermissionRuleParser.Parse(text, PermissionBehavior.Allow, TurnRuleSource, Context.ProjectDirectory);
            if (rule is null)
            {
                invalid.Add(text);
            }
            else
            {
                rules.Add(rule);
            }
        }

        if (rules.Count > 0)
        {
            Context.AddTurnRules(rules);
        }

        return invalid;
    }

    private sealed class TurnScope(PermissionContext context) : IDisposable
    {
        public void Dispose() => context.ClearTurnRules();
    }
}
