namespace Keel.Core.Permissions.Shell;

/// <summary>The built-in read-only set R: commands that run without a rule when their paths stay in the project.</summary>
internal static class ReadOnlyCommands
{
    public static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "ls", "pwd", "cat", "head", "tail", "wc", "grep", "egrep", "fgrep", "echo", "printf", "true", "false", "which", "type",
        "stat", "file", "diff", "cmp", "cut", "tr", "basename", "dirname", "realpath", "readlink", "du", "date", "whoami", "id",
        "uname", "nl", "tac", "rev", "seq", "sort", "uniq", "tree", "cd", "rg", "find", "sed", "git",
    };

    private static readonly HashSet<string> FindActions = new(StringComparer.Ordinal) { "-exec", "-execdir", "-ok", "-okdir", "-delete", "-fprint", "-fprint0", "-fprintf", "-fls" };
    private static readonly HashSet<string> GitReadCommands = new(StringComparer.Ordinal) { "status", "log", "diff", "show", "blame", "ls-files", "rev-parse", "describe", "shortlog" };
    private static readonly HashSet<string> BranchListOptions = new(StringComparer.Ordinal) { "-a", "-r", "-l", "-v", "-vv", "--list", "--all", "--remotes", "--verbose", "--show-current", "--no-color", "--color" };

    /// <summary>True when the command (already unwrapped) is in R in this form. Paths are checked separately.</summary>
    public static bool Contains(ShellCommand command)
    {
        var args = command.Arguments;
        if (args.Count == 0 || command.Name.Contains('/') || !Names.Contains(command.Name))
        {
            return false;
        }

        return command.Name switch
        {
            "rg" => !args.Skip(1).Any(a => a.StartsWith("--pre", StringComparison.Ordinal) || a.StartsWith("--hostname-bin", StringComparison.Ordinal) || a == "--search-zip" || ShortBundleHas(a, 'z', "efgtTmABCjMrEdV")),
            "find" => !args.Any(FindActions.Contains),
            "sort" => !args.Skip(1).Any(a => a.StartsWith("--output", StringComparison.Ordinal) || a.StartsWith("--compress-program", StringComparison.Ordinal) || ShortBundleHas(a, 'o', "ktST")),
            "sed" => IsPrintOnlySed(args),
            "date" => !args.Skip(1).Any(a => a.StartsWith("--set", StringComparison.Ordinal) || ShortBundleHas(a, 's', "dfr")),
            "tree" => !args.Skip(1).Any(a => ShortBundleHas(a, 'o', "LPIH") || a.StartsWith("--output", StringComparison.Ordinal)),
            "file" => !args.Skip(1).Any(a => ShortBundleHas(a, 'C', "mfFeP") || a == "--compile"),
            "uniq" => args.Skip(1).Count(a => !a.StartsWith('-') || a == "-") <= 1,
            "git" => IsReadOnlyGit(args),
            _ => true,
        };
    }

    /// <summary>True when a short-option bundle such as <c>-nz</c> contains <paramref name="flag"/> before any value-taking option.</summary>
    private static bool ShortBundleHas(string arg, char flag, string takesValue)
    {
        if (arg.Length < 2 || arg[0] != '-' || arg[1] == '-')
        {
            return false;
        }

        for (var i = 1; i < arg.Length; i++)
        {
            if (arg[i] == flag)
            {
                return true;
            }

            if (takesValue.Contains(arg[i]))
            {
                return false;
            }
        }

        return false;
    }

    /// <summary><c>sed -n 'Np'</c> or <c>sed -n 'M,Np'</c> followed only by files.</summary>
    private static bool IsPrintOnlySed(IReadOnlyList<string> args)
    {
        if (args.Count < 3 || args[1] != "-n" || !IsLinePrint(args[2]))
        {
            return false;
        }

        return args.Skip(3).All(a => !a.StartsWith('-'));
    }

    private static bool IsLinePrint(string script)
    {
        if (script.Length < 2 || script[^1] != 'p')
        {
            return false;
        }

        var body = script[..^1];
        var comma = body.IndexOf(',');
        return comma < 0 ? IsNumber(body) : IsNumber(body[..comma]) && IsNumber(body[(comma + 1)..]);
    }

    private static bool IsNumber(string text) => text.Length > 0 && text.All(char.IsAsciiDigit);

    private static bool IsReadOnlyGit(IReadOnlyList<string> args)
    {
        var i = 1;
        while (i < args.Count && args[i] == "--no-pager")
        {
            i++;
        }

        if (i >= args.Count)
        {
            return false;
        }

        var sub = args[i];
        var rest = args.Skip(i + 1).ToList();
        if (rest.Exists(a => a.StartsWith("--output", StringComparison.Ordinal) || a == "--ext-diff" || a.StartsWith("-O", StringComparison.Ordinal) || a.StartsWith("--open-files-in-pager", StringComparison.Ordinal) || a == "--textconv"))
        {
            return false;
        }

        return sub switch
        {
            _ when GitReadCommands.Contains(sub) => true,
            "branch" => rest.TrueForAll(BranchListOptions.Contains),
            "tag" => rest.Count == 0 || (rest[0] is "-l" or "--list" && rest.Skip(1).All(a => !a.StartsWith('-'))),
            "remote" => rest.Count == 0 || (rest.Count == 1 && rest[0] is "-v" or "--verbose"),
            _ => false,
        };
    }
}
