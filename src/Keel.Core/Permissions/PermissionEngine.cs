using System.Text.Json;
using Keel.Core.Permissions.Paths;
using Keel.Core.Tools;

namespace Keel.Core.Permissions;

/// <summary>
/// The permission pipeline for every tool call: deny rules → the tool's own check (Bash through
/// the shell analyzer, file tools through <see cref="PathPolicy"/>, WebFetch by domain, MCP by
/// server/tool) → ask rules → allow rules → mode. Deny beats ask beats allow; in dontAsk mode
/// whatever would ask is denied. Every decision names its rule, source and reason.
/// </summary>
public sealed partial class PermissionEngine : IPermissionPolicy
{
    public PermissionEngine(PermissionContext context)
    {
        Context = context;
        Paths = new PathPolicy(context);
    }

    public PermissionContext Context { get; }

    public PathPolicy Paths { get; }

    public PermissionMode Mode => Context.Mode;

    public bool IsOffered(ITool tool) => IsOffered(tool.Name);

    public bool IsOffered(string toolName) => BareRule(PermissionBehavior.Deny, toolName) is null;

    public PermissionDecision Decide(ITool tool, ToolInput input, ToolSession session)
    {
        var evaluation = Evaluate(tool.Name, input.Json, session.CurrentDirectory);
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

    /// <summary>Decides a call by tool name and input, as of <paramref name="cwd"/>; no tool instance needed.</summary>
    public PermissionEvaluation Evaluate(string toolName, JsonElement input, string cwd)
    {
        var evaluation = EvaluateCore(toolName, input, cwd);
        return evaluation.Decision.Behavior == PermissionBehavior.Ask && Context.Mode == PermissionMode.DontAsk
            ? evaluation with { Decision = evaluation.Decision with { Behavior = PermissionBehavior.Deny, Reason = evaluation.Decision.Reason + "; dontAsk mode denies whatever would ask" } }
            : evaluation;
    }

    private PermissionEvaluation EvaluateCore(string toolName, JsonElement input, string cwd)
    {
        if (BareRule(PermissionBehavior.Deny, toolName) is { } bare)
        {
            return new(Cite(PermissionBehavior.Deny, bare, $"the rule {bare.Text} denies every use of {toolName}"));
        }

        if (toolName == "Bash")
        {
            return EvaluateBash(input, cwd);
        }

        if (ToolFamilies.IsReadTool(toolName) || ToolFamilies.IsWriteTool(toolName))
        {
            return new(EvaluatePath(toolName, input, cwd));
        }

        if (ScopedRule(PermissionBehavior.Deny, toolName, input) is { } deny)
        {
            return new(Cite(PermissionBehavior.Deny, deny, $"the rule {deny.Text} denies it"));
        }

        if (toolName == "WebFetch" && Field(input, "url") is { } url && DomainMatcher.Host(url) is null)
        {
            return new(PermissionDecision.Ask($"{url} is not an http(s) URL with a host", source: "tool"));
        }

        if ((BareRule(PermissionBehavior.Ask, toolName) ?? ScopedRule(PermissionBehavior.Ask, toolName, input)) is { } ask)
        {
            return new(Cite(PermissionBehavior.Ask, ask, $"the rule {ask.Text} asks before it runs"));
        }

        if ((BareRule(PermissionBehavior.Allow, toolName) ?? ScopedRule(PermissionBehavior.Allow, toolName, input)) is { } allow)
        {
            return new(Cite(PermissionBehavior.Allow, allow, $"the rule {allow.Text} allows it"));
        }

        return new(ModeDecision(toolName, input));
    }

    private PermissionEvaluation EvaluateBash(JsonElement input, string cwd)
    {
        if (Field(input, "command") is not { } command)
        {
            return new(PermissionDecision.Ask("the Bash call has no command", source: "tool"));
        }

        var context = new Shell.BashPermissionContext(Context.ProjectDirectory, cwd, Context.Home, Context.WorkingDirectories, Context.Mode, Context.Rules, Paths);
        var bash = Shell.BashPermission.Decide(command, context);
        if (bash.Decision.Behavior == PermissionBehavior.Allow && BareRule(PermissionBehavior.Ask, "Bash") is { } ask)
        {
            return new(Cite(PermissionBehavior.Ask, ask, $"the rule {ask.Text} asks before every command"), bash.Commands);
        }

        return new(bash.Decision, bash.Commands);
    }

    private PermissionDecision EvaluatePath(string toolName, JsonElement input, string cwd)
    {
        var write = ToolFamilies.IsWriteTool(toolName);
        var path = Field(input, "file_path") ?? Field(input, "notebook_path") ?? Field(input, "path");
        if (path is null)
        {
            if (write || toolName == "Read")
            {
                return PermissionDecision.Ask($"the {toolName} call names no file", source: "tool");
            }

            // Glob and Grep search the current directory by default.
            path = cwd;
        }

        var decision = Paths.Check(path, write ? PathAccess.Write : PathAccess.Read, cwd);
        if (decision.Behavior != PermissionBehavior.Ask || decision.Source == "protectedPath" || decision.Rule is not null)
        {
            return decision;
        }

        // Glob and Grep may have their own allow rules ("Grep" allows searching anywhere readable).
        return toolName is "Glob" or "Grep" && BareRule(PermissionBehavior.Allow, toolName) is { } allow
            ? Cite(PermissionBehavior.Allow, allow, $"the rule {allow.Text} allows {toolName} outside the working directories")
            : decision;
    }
}
