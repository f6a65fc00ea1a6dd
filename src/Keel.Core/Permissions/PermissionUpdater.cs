using System.Text.Json;
using System.Text.Json.Nodes;
using Keel.Core.Settings;
using Keel.Core.Settings.Writing;

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

    /// <summary>Saves every rule <see cref="SuggestAll"/> gives; a compound Bash command saves one rule per simple command that asked.</summary>
    public string? RememberAllow(string toolName, JsonElement input, string cwd)
    {
        foreach (var rule in SuggestAll(toolName, input, cwd))
        {
            if (Add(rule, PermissionBehavior.Allow) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>The rules an "always allow" saves: for Bash one per simple command that needed approval, else the single <see cref="Suggest"/> rule.</summary>
    public IReadOnlyList<string> SuggestAll(string toolName, JsonElement input, string cwd)
    {
        if (toolName == "Bash" && input.ValueKind == JsonValueKind.Object && input.TryGetProperty("command", out var c) && c.ValueKind == JsonValueKind.String)
        {
            var paths = new Paths.PathPolicy(context);
            var bash = new Shell.BashPermissionContext(context.ProjectDirectory, cwd, context.Home, context.WorkingDirectories, context.Mode, context.Rules, paths);
            return Shell.BashRuleSuggestions.Suggest(c.GetString()!, bash);
        }

        return [Suggest(toolName, input, cwd)];
    }

    /// <summary>The rule an "always allow" for this call would save, e.g. <c>Edit(/src/app.cs)</c> or <c>WebFetch(domain:x.org)</c>.</summary>
    public string Suggest(string toolName, JsonElement input, string cwd)
    {
        string? Field(string name) =>
            input.ValueKind == JsonValueKind.Object && input.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        switch (toolName)
        {
            case "Bash" when Field("command") is { } command:
                return string.Join(", ", SuggestAll(toolName, input, cwd));
            case "WebFetch" when Field("url") is { } url && DomainMatcher.Host(url) is { } host:
                return $"WebFetch(domain:{host})";
            case "Read" or "Edit" or "Write" or "NotebookEdit" when (Field("file_path") ?? Field("notebook_path")) is { } file:
                var full = Paths.PathResolver.Lexical(file, cwd, context.Home);
                var family = toolName == "Read" ? "Read" : "Edit";
                var relative = Path.GetRelativePath(context.ProjectDirectory, full);
                return relative.StartsWith("..", StringComparison.Ordinal) ? $"{family}(/{full})" : $"{family}(/{relative.Replace('\\', '/')})";
            default:
                return toolName;
        }
    }
}
