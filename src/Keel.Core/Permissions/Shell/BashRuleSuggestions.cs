namespace Keel.Core.Permissions.Shell;

/// <summary>
/// The rules a "don't ask again" answer saves for a Bash command: one per simple command that needed
/// approval (neither read-only nor already allowed by a rule). A command with a stable prefix gets a
/// prefix rule (<c>Bash(git push:*)</c>, <c>Bash(npm run build:*)</c>); any other gets its exact text.
/// </summary>
public static class BashRuleSuggestions
{
    // Programs whose first operand (or first two, for npm/yarn/pnpm run) names what they do.
    private static readonly HashSet<string> Subcommands = new(StringComparer.Ordinal)
    {
        "git", "npm", "yarn", "pnpm", "bun", "cargo", "go", "dotnet", "docker", "podman", "kubectl", "helm", "terraform", "make", "gh",
        "pip", "pip3", "poetry", "uv", "mvn", "gradle", "bundle", "rake", "mix", "composer", "deno", "nx", "turbo", "just", "brew", "apt", "apt-get",
    };

    public static IReadOnlyList<string> Suggest(string command, BashPermissionContext context)
    {
        var analysis = ShellAnalyzer.Analyze(command);
        if (analysis.ParseError is not null || analysis.Commands.Count == 0)
        {
            return [$"{context.ToolName}({command.Trim()})"];
        }

        var rules = new List<string>();
        foreach (var simple in analysis.Commands)
        {
            if (simple.Arguments.Count == 0 || simple.Has(ShellCommandFlags.NonStaticCommandWord) || simple.Has(ShellCommandFlags.FunctionCall))
            {
                continue;
            }

            // Judged alone, as the engine would: read-only and already-allowed commands need no rule.
            var alone = BashPermission.Decide(simple.Text, context with { Mode = PermissionMode.Default });
            if (alone.Decision.Behavior == PermissionBehavior.Allow)
            {
                continue;
            }

            var rule = $"{context.ToolName}({Prefix(simple)})";
            if (!rules.Contains(rule, StringComparer.Ordinal))
            {
                rules.Add(rule);
            }
        }

        return rules.Count > 0 ? rules : [$"{context.ToolName}({command.Trim()})"];
    }

    private static string Prefix(ShellCommand command)
    {
        var args = command.Arguments;
        var name = command.Name;
        if (!Subcommands.Contains(name) || args.Count < 2 || !IsWord(args[1]))
        {
            return command.Text;
        }

        var take = args[1] is "run" or "run-script" or "exec" && args.Count > 2 && IsWord(args[2]) ? 3 : 2;
        return string.Join(' ', args.Take(take)) + ":*";
    }

    private static bool IsWord(string arg) =>
        arg.Length > 0 && !arg.StartsWith('-') && arg.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or ':' or '.');
}
