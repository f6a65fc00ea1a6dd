namespace Keel.Core.Permissions.Shell;

/// <summary>
/// Options that make an ordinary file command run another program (<c>tar --to-command</c>,
/// <c>rsync -e</c>, <c>zip -TT</c>, <c>rg --pre</c>...). A command using one asks even when an allow
/// rule matches it: the rule approved the file command, not whatever the option launches.
/// </summary>
internal static class ShellProgramOptions
{
    private static readonly string[] TarOptions = ["--to-command", "--checkpoint-action", "--use-compress-program", "--rsh-command", "--info-script", "--new-volume-script", "--rmt-command", "-I", "-F"];
    private static readonly string[] VimOptions = ["-c", "--cmd", "-S", "+"];

    private static readonly Dictionary<string, string[]> Options = new(StringComparer.Ordinal)
    {
        ["tar"] = TarOptions,
        ["gtar"] = TarOptions,
        ["bsdtar"] = TarOptions,
        ["rsync"] = ["-e", "--rsh", "--rsync-path"],
        ["zip"] = ["-TT", "--unzip-command"],
        ["rg"] = ["--pre", "--hostname-bin"],
        ["sort"] = ["--compress-program"],
        ["scp"] = ["-S", "-o", "-F"],
        ["sftp"] = ["-S", "-o", "-D", "-F"],
        ["ssh"] = ["-o", "-F"],
        ["cpio"] = ["--rsh-command"],
        ["man"] = ["-P", "--pager", "-H", "--html"],
        ["sdiff"] = ["--diff-program"],
        ["diff3"] = ["--diff-program"],
        ["tcpdump"] = ["-z"],
        ["pandoc"] = ["--filter", "--lua-filter", "-F", "-L"],
        ["vim"] = VimOptions,
        ["vi"] = VimOptions,
        ["nvim"] = VimOptions,
        ["ex"] = VimOptions,
        ["view"] = VimOptions,
        ["less"] = ["+"],
        ["more"] = ["+"],
        ["git"] = ["--exec-path", "-O", "--open-files-in-pager", "--upload-pack", "--receive-pack", "--exec"],
        ["dpkg-source"] = ["--hook"],
    };

    /// <summary>The option in the command that runs a program, or null.</summary>
    public static string? Find(ShellCommand command)
    {
        if (!Options.TryGetValue(command.BaseName, out var options) || options.Length == 0)
        {
            return null;
        }

        var args = command.Arguments;
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                break;
            }

            foreach (var option in options)
            {
                if (Uses(arg, option))
                {
                    return arg;
                }
            }
        }

        return null;
    }

    private static bool Uses(string arg, string option)
    {
        if (option == "+")
        {
            return arg.Length > 1 && arg[0] == '+';
        }

        if (option.StartsWith("--", StringComparison.Ordinal))
        {
            // GNU getopt accepts any unambiguous abbreviation: --to-com, --checkpoint-a=exec=...
            var name = arg.Split('=')[0];
            return name.StartsWith("--", StringComparison.Ordinal) && name.Length >= 4 && option.StartsWith(name, StringComparison.Ordinal);
        }

        if (option.Length > 2)
        {
            // -TT: exact or with an attached value.
            return arg.StartsWith(option, StringComparison.Ordinal);
        }

        // A short option, alone, with an attached value, or inside a bundle (-xvIcmd, -cz -I).
        return arg.Length >= 2 && arg[0] == '-' && arg[1] != '-' && arg.AsSpan(1).Contains(option[1]);
    }
}
