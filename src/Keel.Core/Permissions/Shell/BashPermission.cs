namespace Keel.Core.Permissions.Shell;

/// <summary>
/// Decides a Bash tool call by the policy's steps: parse, decompose, deny rules (wherever the command
/// hides), the hard floor of things that always ask, then allow only when every simple command is
/// allowed by a rule or is read-only. The mode is applied last.
/// </summary>
public static partial class BashPermission
{
    public static BashDecision Decide(string command, BashPermissionContext context)
    {
        var analysis = ShellAnalyzer.Analyze(command);
        var commands = analysis.Commands.Where(c => c.Arguments.Count > 0 || c.Assignments.Count > 0 || c.Redirects.Count > 0).Select(c => c.FullText).ToList();
        var bashRules = context.Rules.Where(r => r.ToolName == context.ToolName).ToList();
        var evaluation = new Evaluation(context, bashRules);

        // Step 3: deny rules and denied paths, over every command, before anything can ask.
        if (evaluation.FindDeny(analysis, command) is { } deny)
        {
            return new BashDecision(deny, commands);
        }

        var findings = evaluation.Floor(analysis);
        return new BashDecision(ApplyMode(context.Mode, findings, evaluation), commands);
    }

    private static PermissionDecision ApplyMode(PermissionMode mode, List<BashFinding> findings, Evaluation evaluation)
    {
        if (findings.Find(f => f.Kind == BashFindingKind.Ask && f.Rule is not null) is { } askRule)
        {
            return Finish(mode, PermissionDecision.Ask(askRule.Reason, askRule.Rule, askRule.Source));
        }

        switch (mode)
        {
            case PermissionMode.BypassPermissions:
                return findings.Find(f => f.Kind == BashFindingKind.ProtectedWrite) is { } protectedWrite
                    ? PermissionDecision.Ask(protectedWrite.Reason)
                    : PermissionDecision.Allow("permission mode bypassPermissions allows it", source: "mode");
            case PermissionMode.Plan:
                if (findings.Find(f => f.IsWrite) is { } write)
                {
                    return PermissionDecision.Deny(write.Reason + "; plan mode does not write", source: "mode");
                }

                if (findings.Count == 0 && evaluation.AllReadOnly)
                {
                    return PermissionDecision.Allow("every command only reads inside the project", source: "mode");
                }

                return PermissionDecision.Ask(findings.Count > 0 ? findings[0].Reason : "plan mode runs only read-only commands without asking");
        }

        if (findings.Count == 0)
        {
            return evaluation.AllowReason();
        }

        var first = findings[0];
        return Finish(mode, PermissionDecision.Ask(first.Reason, first.Rule, first.Source));
    }

    private static PermissionDecision Finish(PermissionMode mode, PermissionDecision ask) =>
        mode == PermissionMode.DontAsk
            ? PermissionDecision.Deny(ask.Reason + " (permission mode dontAsk denies what would ask)", ask.Rule, ask.Source ?? "mode")
            : ask;
}
