using System.Text.RegularExpressions;

namespace Keel.Cli.Subcommands;

/// <summary>
/// <c>keel completion bash|zsh|fish</c>: a script completing subcommands and flags; the flags are read from
/// <c>keel --help</c>, so a new option completes without touching this file.
/// </summary>
internal static partial class CompletionScripts
{
    private static readonly string[] Commands = ["acp", "mcp", "memory", "permissions", .. UserCommands.Names];

    public static string? For(string shell) => shell switch
    {
        "bash" => Bash(),
        "zsh" => Zsh(),
        "fish" => Fish(),
        _ => null,
    };

    /// <summary>Every flag <c>keel --help</c> lists.</summary>
    internal static IReadOnlyList<string> Flags() =>
        [.. HelpText.Text.Split('\n')
            .Where(static line => line.StartsWith("  -", StringComparison.Ordinal))
            .SelectMany(static line => FlagPattern().Matches(line.Split("  ", StringSplitOptions.RemoveEmptyEntries)[0]).Select(static m => m.Value))
            .Distinct(StringComparer.Ordinal)];

    private static string Bash() => $$"""
        # keel bash completion: eval "$(keel completion bash)" (e.g. in ~/.bashrc)
        _keel() {
          local cur="${COMP_WORDS[COMP_CWORD]}"
          if [ "$COMP_CWORD" -eq 1 ] && [[ "$cur" != -* ]]; then
            COMPREPLY=($(compgen -W "{{string.Join(' ', Commands)}}" -- "$cur"))
            return
          fi
          case "${COMP_WORDS[1]}" in
            auth) COMPREPLY=($(compgen -W "status --json" -- "$cur")); return ;;
            config) COMPREPLY=($(compgen -W "get set unset list --global --project --local" -- "$cur")); return ;;
            completion) COMPREPLY=($(compgen -W "bash zsh fish" -- "$cur")); return ;;
            mcp) COMPREPLY=($(compgen -W "add list get remove serve" -- "$cur")); return ;;
          esac
          COMPREPLY=($(compgen -W "{{string.Join(' ', Flags())}}" -- "$cur"))
        }
        complete -o default -F _keel keel

        """;

    private static string Zsh() => $$"""
        #compdef keel
        # keel zsh completion: eval "$(keel completion zsh)" after compinit (e.g. in ~/.zshrc)
        _keel() {
          if (( CURRENT == 2 )) && [[ "$words[2]" != -* ]]; then
            compadd -- {{string.Join(' ', Commands)}}
            return
          fi
          case "$words[2]" in
            auth) compadd -- status --json; return ;;
            config) compadd -- get set unset list --global --project --local; return ;;
            completion) compadd -- bash zsh fish; return ;;
            mcp) compadd -- add list get remove serve; return ;;
          esac
          compadd -- {{string.Join(' ', Flags())}}
          _files
        }
        compdef _keel keel

        """;

    private static string Fish()
    {
        var lines = new List<string> { "# keel fish completion: keel completion fish > ~/.config/fish/completions/keel.fish", "complete -c keel -f" };
        lines.Add($"complete -c keel -n '__fish_use_subcommand' -a '{string.Join(' ', Commands)}'");
        lines.Add("complete -c keel -n '__fish_seen_subcommand_from auth' -a 'status --json'");
        lines.Add("complete -c keel -n '__fish_seen_subcommand_from config' -a 'get set unset list --global --project --local'");
        lines.Add("complete -c keel -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'");
        lines.Add("complete -c keel -n '__fish_seen_subcommand_from mcp' -a 'add list get remove serve'");
        foreach (var flag in Flags())
        {
            lines.Add(flag.StartsWith("--", StringComparison.Ordinal) ? $"complete -c keel -l {flag[2..]}" : $"complete -c keel -s {flag[1..]}");
        }

        return string.Join('\n', lines) + "\n";
    }

    [GeneratedRegex(@"--?[A-Za-z][A-Za-z-]*")]
    private static partial Regex FlagPattern();
}
