using System.Text.Json.Nodes;
using Keel.Core.Settings;
using Keel.Core.Settings.Writing;
using Keel.Core.Tools;

namespace Keel.Core.Permissions;

/// <summary>
/// Makes an "always" answer stick: appends the rule to the project's <c>.keel/settings.local.json</c>
/// (created if missing; written by <see cref="SettingsWriter"/>, so every other byte of the file stays
/// as it was and a crash or a concurrent reader never sees half a file) and adds it to the running session at once.
/// </summary>
public sealed class PermissionUpdater(PermissionContext context) : IPermissionMemory
{
    public string SettingsPath => Path.Combine(context.ProjectDirectory, ".keel", "settings.local.json");

    /// <summary>Saves and applies the rule; returns an error message (nothing changed) or null.</summary>
    public string? Add(string ruleText, PermissionBehavior behavior)
    {
        var (rule, error) = PermissionRuleParser.Parse(ruleText, behavior, SettingsSources.Local, context.ProjectDirectory);
        if (rule is null)
        {
            return error;
        }

        var normalized = rule.Specifier is null ? rule.ToolName : $"{rule.ToolName}({rule.Specifier})";
        rule = rule with { Text = normalized, File = SettingsPath };
        var write = Write(normalized, behavior);
        if (write is not null)
        {
            return write;
        }

        context.AddRules([rule]);
        return null;
    }

    private string? Write(string rule, PermissionBehavior behavior)
    {
        var key = behavior switch
        {
            PermissionBehavior.Allow => "allow",
            PermissionBehavior.Ask => "ask",
            _ => "deny",
        };
        return SettingsWriter.Edit(SettingsPath, edit =>
        {
            edit.AppendUnique(["permissions", key], JsonValue.Create(rule));
            return null;
        });
    }

    public string? RememberAllow(string toolName, ToolFacets facets, string cwd, IReadOnlyList<string>? rules, bool sessionOnly)
    {
        foreach (var rule in rules ?? SuggestAll(toolName, facets, cwd))
        {
            if ((sessionOnly ? AddForSession(rule) : Add(rule, PermissionBehavior.Allow)) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>Applies an allow rule to the running session only ("yes, for this session"); nothing is written.</summary>
    public string? AddForSession(string ruleText)
    {
        var (rule, error) = PermissionRuleParser.Parse(ruleText, PermissionBehavior.Allow, SettingsSources.Session, context.ProjectDirectory);
        if (rule is null)
        {
            return error;
        }

        context.AddRules([rule]);
        return null;
    }

    /// <summary>Saves every rule <see cref="SuggestAll"/> gives; a compound command saves one rule per simple command that asked.</summary>
    public string? RememberAllow(string toolName, ToolFacets facets, string cwd)
    {
        foreach (var rule in SuggestAll(toolName, facets, cwd))
        {
            if (Add(rule, PermissionBehavior.Allow) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>
    /// The rules an "always allow" saves, from what the tool says the call targets: for a command, one per simple
    /// command that needed approval; else the single <see cref="Suggest"/> rule.
    /// </summary>
    public IReadOnlyList<string> SuggestAll(string toolName, ToolFacets facets, string cwd)
    {
        if (facets.Command is { } command)
        {
            var paths = new Paths.PathPolicy(context);
            var bash = new Shell.BashPermissionContext(context.ProjectDirectory, cwd, context.Home, context.WorkingDirectories, context.Mode, context.Rules, paths, toolName);
            return Shell.BashRuleSuggestions.Suggest(command, bash);
        }

        return [Suggest(toolName, facets, cwd)];
    }

    /// <summary>
    /// The rule text an "always allow" for a call would save (several joined by commas for a compound command): its
    /// simple commands (<c>Bash(npm test)</c>), its first path, in the path rules' grammar (<c>Edit(/src/app.cs)</c>,
    /// <c>Read(//etc/hosts)</c>), its URL's domain (<c>WebFetch(domain:x.org)</c>), its rule content
    /// (<c>Agent(Explore)</c>), else the bare tool name.
    /// </summary>
    public string Suggest(string toolName, ToolFacets facets, string cwd)
    {
        if (facets.Command is not null)
        {
            return string.Join(", ", SuggestAll(toolName, facets, cwd));
        }

        if (facets.Paths is [var target, ..] && target.Path.Length > 0)
        {
            var full = Paths.PathResolver.Lexical(target.Path, cwd, context.Home);
            var family = Paths.PathPolicy.RuleName(target.Access);
            var relative = Path.GetRelativePath(context.ProjectDirectory, full);
            return relative.StartsWith("..", StringComparison.Ordinal) ? $"{family}(/{full})" : $"{family}(/{relative.Replace('\\', '/')})";
        }

        if (facets.Url is { } url)
        {
            return DomainMatcher.Host(url) is { } host ? $"{toolName}(domain:{host})" : toolName;
        }

        return facets.RuleContent is { Length: > 0 } content ? $"{toolName}({content})" : toolName;
    }
}
