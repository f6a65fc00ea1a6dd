using System.Buffers;
using System.Text.Json;
using Keel.Core.Tools;

namespace Keel.Core.Permissions;

/// <summary>
/// The permission logic until the full engine lands: modes, bare tool rules and simple Bash
/// command rules. It errs on the side of asking: a Bash allow rule only matches a command
/// with no shell operators at all, while a Bash deny rule matches any segment of it.
/// </summary>
public sealed class InterimPermissionPolicy(PermissionMode mode, IReadOnlyList<ToolRule> allow, IReadOnlyList<ToolRule> deny) : IPermissionPolicy
{
    private static readonly HashSet<string> EditTools = new(StringComparer.Ordinal) { "Edit", "Write", "NotebookEdit" };
    private static readonly SearchValues<char> ShellOperators = SearchValues.Create(";&|`$()<>\n\r\\*?[{~'\"");

    public PermissionMode Mode => mode;

    public bool IsOffered(ITool tool) => !deny.Any(r => r.Spec is null && r.ToolName == tool.Name);

    public PermissionDecision Decide(ITool tool, JsonElement input, ToolSession session)
    {
        foreach (var rule in deny)
        {
            if (rule.ToolName == tool.Name && (rule.Spec is null || MatchesDeny(rule, input)))
            {
                return PermissionDecision.Deny($"the rule {rule.Text} denies it", rule.Text, "cliArg");
            }
        }

        if (tool.CheckPermission(input, session) is { Behavior: PermissionBehavior.Deny } toolDecision)
        {
            return toolDecision;
        }

        if (mode == PermissionMode.BypassPermissions)
        {
            return PermissionDecision.Allow("permission mode bypassPermissions allows every tool", source: "mode");
        }

        foreach (var rule in allow)
        {
            if (rule.ToolName == tool.Name && (rule.Spec is null || MatchesAllow(rule, input)))
            {
                return PermissionDecision.Allow($"the rule {rule.Text} allows it", rule.Text, "cliArg");
            }
        }

        if (tool.IsReadOnly(input))
        {
            return PermissionDecision.Allow($"{tool.Name} only reads", source: "mode");
        }

        if (mode == PermissionMode.AcceptEdits && EditTools.Contains(tool.Name))
        {
            var path = FilePath(input);
            if (path is not null && session.IsWithinAllowed(session.ResolvePath(path)))
            {
                return PermissionDecision.Allow("permission mode acceptEdits allows edits inside the working directories", source: "mode");
            }

            return PermissionDecision.Ask($"{path ?? "the file"} is outside the working directories");
        }

        return PermissionDecision.Ask(mode == PermissionMode.Default
            ? $"{tool.Name} needs approval in permission mode default (allow it with --allowedTools or --permission-mode)"
            : $"{tool.Name} needs approval in permission mode {ModeName(mode)}");
    }

    public static string ModeName(PermissionMode mode) => mode switch
    {
        PermissionMode.AcceptEdits => "acceptEdits",
        PermissionMode.BypassPermissions => "bypassPermissions",
        PermissionMode.DontAsk => "dontAsk",
        PermissionMode.Plan => "plan",
        _ => "default",
    };

    private static string? FilePath(JsonElement input) =>
        input.ValueKind == JsonValueKind.Object
        && (input.TryGetProperty("file_path", out var p) || input.TryGetProperty("notebook_path", out p))
        && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    private static string? Command(JsonElement input) =>
        input.ValueKind == JsonValueKind.Object && input.TryGetProperty("command", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;

    private static bool MatchesAllow(ToolRule rule, JsonElement input)
    {
        if (rule.ToolName != "Bash" || Command(input) is not { } command)
        {
            return false;
        }

        var trimmed = command.Trim();
        if (trimmed.IndexOfAny(ShellOperators) >= 0)
        {
            return false;
        }

        return PrefixMatches(rule.Spec!, trimmed);
    }

    private static bool MatchesDeny(ToolRule rule, JsonElement input)
    {
        if (rule.ToolName != "Bash")
        {
            // Path-scoped rules belong to the full engine; until then a scoped deny denies the tool.
            return true;
        }

        if (Command(input) is not { } command)
        {
            return true;
        }

        var segments = command.Split([';', '&', '|', '\n', '`', '(', ')', '$', '{', '}'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return segments.Any(segment => PrefixMatches(rule.Spec!, segment.Trim('"', '\'', ' ')));
    }

    private static bool PrefixMatches(string spec, string command)
    {
        var pattern = spec.Trim();
        if (pattern.EndsWith(":*", StringComparison.Ordinal))
        {
            pattern = pattern[..^2];
        }
        else if (pattern.EndsWith(" *", StringComparison.Ordinal))
        {
            pattern = pattern[..^2];
        }
        else if (pattern.EndsWith('*'))
        {
            return command.StartsWith(pattern[..^1], StringComparison.Ordinal);
        }
        else
        {
            return string.Equals(command, pattern, StringComparison.Ordinal);
        }

        // Word boundary: "git" matches "git status" but not "gitk".
        return command == pattern || command.StartsWith(pattern + " ", StringComparison.Ordinal);
    }
}
