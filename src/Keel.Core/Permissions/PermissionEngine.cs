using System.Text.Json;
using Keel.Core.Permissions.Paths;
using Keel.Core.Tools;

namespace Keel.Core.Permissions;

/// <summary>
/// The permission pipeline for every tool call, read from the call's facets: deny rules → the targets the
/// tool declares (a command through the shell analyzer, paths through <see cref="PathPolicy"/>, a URL by
/// domain) and the tool's own check → ask rules → allow rules → the mode, by the tool's kind. Deny beats
/// ask beats allow; in dontAsk mode whatever would ask is denied. Every decision names its rule, source and reason.
/// </summary>
public sealed partial class PermissionEngine : IPermissionPolicy
{
    /// <param name="context">Mode, rules and directories.</param>
    /// <param name="tools">The tools decisions by name look up (shared with whoever registers the session's tools).</param>
    public PermissionEngine(PermissionContext context, ToolCatalog? tools = null)
    {
        Context = context;
        Paths = new PathPolicy(context);
        Tools = tools ?? new ToolCatalog();
    }

    public PermissionContext Context { get; }

    public PathPolicy Paths { get; }

    /// <summary>The session's tools, for decisions asked by name (their facets answer them).</summary>
    public ToolCatalog Tools { get; }

    public PermissionMode Mode => Context.Mode;

    public bool IsOffered(ITool tool) => BareRule(PermissionBehavior.Deny, new PermissionCall(tool.Name, tool.Kind, tool.RuleAliases, ToolFacets.None, default)) is null;

    public bool IsOffered(string toolName) => Tools.Find(toolName) is { } tool
        ? IsOffered(tool)
        : BareRule(PermissionBehavior.Deny, new PermissionCall(toolName, null, [], ToolFacets.None, default)) is null;

    /// <summary>
    /// Warnings for deny and ask rules that govern none of the registered tools (a typo, or a tool Keel does not
    /// have): such a rule never fires. Asked once the session's tools are registered.
    /// </summary>
    public IEnumerable<string> RulesGoverningNoTool() =>
        Context.Rules
            .Where(r => r.Behavior != PermissionBehavior.Allow && r.Source != TurnRuleSource && !Tools.Governs(r.ToolName))
            .Select(static r => $"the rule \"{r.Text}\" ({r.Source}) names no tool Keel has; it never applies");

    public PermissionDecision Decide(ITool tool, ToolInput input, ToolSession session)
    {
        var evaluation = Evaluate(PermissionCall.Of(tool, input), session.CurrentDirectory);
        var own = evaluation.Decision.Behavior != PermissionBehavior.Deny ? tool.CheckPermission(input, session) : null;
        if (own is { Behavior: PermissionBehavior.Deny })
        {
            return own;
        }

        // A tool's own allow (an MCP tool marked read-only) settles only what the mode would ask; rules still win.
        if (own is { Behavior: PermissionBehavior.Allow } && evaluation.Decision is { Behavior: PermissionBehavior.Ask, Source: "mode" })
        {
            return own;
        }

        return evaluation.Decision;
    }

    /// <summary>
    /// Decides a call by tool name and input, as of <paramref name="cwd"/>: the tool (from <see cref="Tools"/>)
    /// describes the input as it would for a real call (without its own input checks). An input the tool cannot
    /// read at all is refused, as the pipeline would refuse it before any decision.
    /// </summary>
    public PermissionEvaluation Evaluate(string toolName, JsonElement input, string cwd)
    {
        if (Tools.Find(toolName) is not { } tool)
        {
            return Evaluate(new PermissionCall(toolName, null, [], ToolFacets.None, input), cwd);
        }

        var facets = tool.DescribeForRules(input, new ToolSession(cwd, [], Path.GetTempPath(), TimeProvider.System));
        if (facets is null)
        {
            return new(PermissionDecision.Deny($"the input cannot be read as a {toolName} call", source: "tool"));
        }

        if (facets.Paths.Any(static p => string.IsNullOrEmpty(p.Path)))
        {
            return new(PermissionDecision.Ask($"the {toolName} call names no file", source: "tool"));
        }

        return Evaluate(new PermissionCall(tool.Name, tool.Kind, tool.RuleAliases, facets, input), cwd);
    }

    private PermissionEvaluation Evaluate(PermissionCall call, string cwd)
    {
        var evaluation = EvaluateCore(call, cwd);
        if (evaluation.Decision is { Rule: { } text, File: null } cited)
        {
            // Name the settings file as well as the scope: .keel/ and .claude/ share a scope.
            // The same text can be an allow in one file and a deny in another of the same scope: prefer the rule of the decision's kind.
            var candidates = Context.Rules.Where(r => r.Text == text && r.Source == cited.Source).ToList();
            var file = (candidates.Find(r => r.Behavior == cited.Behavior) ?? candidates.FirstOrDefault())?.File;
            evaluation = file is null ? evaluation : evaluation with { Decision = cited with { File = file } };
        }

        return evaluation.Decision.Behavior == PermissionBehavior.Ask && Context.Mode == PermissionMode.DontAsk
            ? evaluation with { Decision = evaluation.Decision with { Behavior = PermissionBehavior.Deny, Reason = evaluation.Decision.Reason + "; dontAsk mode denies whatever would ask" } }
            : evaluation;
    }

    private PermissionEvaluation EvaluateCore(PermissionCall call, string cwd)
    {
        if (BareRule(PermissionBehavior.Deny, call) is { } bare)
        {
            return new(Cite(PermissionBehavior.Deny, bare, $"the rule {bare.Text} denies every use of {call.Name}"));
        }

        if (call.Facets.Command is { } command)
        {
            return EvaluateCommand(call, command, cwd);
        }

        if (call.Facets.Paths.Count > 0)
        {
            return new(EvaluatePaths(call, cwd));
        }

        if (ScopedRule(PermissionBehavior.Deny, call) is { } deny)
        {
            return new(Cite(PermissionBehavior.Deny, deny, $"the rule {deny.Text} denies it"));
        }

        if (call.Facets.Url is { } url && DomainMatcher.Host(url) is null)
        {
            return new(PermissionDecision.Ask($"{url} is not an http(s) URL with a host", source: "tool"));
        }

        if ((BareRule(PermissionBehavior.Ask, call) ?? ScopedRule(PermissionBehavior.Ask, call)) is { } ask)
        {
            return new(Cite(PermissionBehavior.Ask, ask, $"the rule {ask.Text} asks before it runs"));
        }

        if ((BareRule(PermissionBehavior.Allow, call) ?? ScopedRule(PermissionBehavior.Allow, call)) is { } allow)
        {
            return new(Cite(PermissionBehavior.Allow, allow, $"the rule {allow.Text} allows it"));
        }

        return new(ModeDecision(call));
    }

    /// <summary>A command the call runs: every simple command in it through the shell analyzer.</summary>
    private PermissionEvaluation EvaluateCommand(PermissionCall call, string command, string cwd)
    {
        var context = new Shell.BashPermissionContext(Context.ProjectDirectory, cwd, Context.Home, Context.WorkingDirectories, Context.Mode, Context.Rules, Paths, call.Name);
        var bash = Shell.BashPermission.Decide(command, context);
        if (bash.Decision.Behavior == PermissionBehavior.Allow && BareRule(PermissionBehavior.Ask, call) is { } ask)
        {
            return new(Cite(PermissionBehavior.Ask, ask, $"the rule {ask.Text} asks before every command"), bash.Commands);
        }

        return new(bash.Decision, bash.Commands);
    }

    /// <summary>Every path the call touches; the strictest answer wins (deny, then ask, then allow).</summary>
    private PermissionDecision EvaluatePaths(PermissionCall call, string cwd)
    {
        PermissionDecision? result = null;
        foreach (var target in call.Facets.Paths)
        {
            var decision = EvaluatePath(call, target, cwd);
            if (decision.Behavior == PermissionBehavior.Deny)
            {
                return decision;
            }

            if (result is null || (decision.Behavior == PermissionBehavior.Ask && result.Behavior == PermissionBehavior.Allow))
            {
                result = decision;
            }
        }

        return result!;
    }

    private PermissionDecision EvaluatePath(PermissionCall call, ToolPathTarget target, string cwd)
    {
        var decision = Paths.Check(target.Path, target.Access, cwd);
        if (decision.Behavior != PermissionBehavior.Ask || decision.Source == "protectedPath" || decision.Rule is not null)
        {
            return decision;
        }

        // A tool that reads may have its own bare allow rule, which allows its reads anywhere readable.
        return target.Access == PathAccess.Read && BareRule(PermissionBehavior.Allow, call) is { } allow
            ? Cite(PermissionBehavior.Allow, allow, $"the rule {allow.Text} allows {call.Name} outside the working directories")
            : decision;
    }
}
