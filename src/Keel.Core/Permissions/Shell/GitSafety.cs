namespace Keel.Core.Permissions.Shell;

/// <summary>git options and config keys that make git run another program.</summary>
internal static class GitSafety
{
    private static readonly string[] ExecKeys =
    [
        "core.pager", "core.sshcommand", "core.editor", "core.hookspath", "core.fsmonitor", "core.gitproxy", "core.askpass",
        "diff.external", "credential.helper", "gpg.program", "sequence.editor", "uploadpack.packobjectshook",
        "interactive.difffilter", "web.browser", "include.path", "sendemail.smtpserver",
    ];

    /// <summary>Whether setting <paramref name="key"/> can make git run a program.</summary>
    public static bool IsExecKey(string key)
    {
        var lower = key.ToLowerInvariant();
        if (ExecKeys.Contains(lower))
        {
            return true;
        }

        var dot = lower.IndexOf('.');
        var section = dot < 0 ? lower : lower[..dot];
        var last = lower[(lower.LastIndexOf('.') + 1)..];
        return section is "alias" or "filter" or "pager" or "includeif"
            || last is "textconv" or "command" or "cmd" or "driver" or "helper" or "program" or "uploadpack" or "receivepack" or "proxy" or "sshcommand" or "path" or "tool";
    }

    /// <summary>Global options that are removed before matching deny rules, and the position of the subcommand.</summary>
    public static (List<(string Option, string? Value)> Globals, int Subcommand) SplitGlobals(IReadOnlyList<string> args)
    {
        var globals = new List<(string, string?)>();
        var i = 1;
        while (i < args.Count && args[i].StartsWith('-'))
        {
            var arg = args[i];
            if (arg is "-C" or "-c" or "--git-dir" or "--work-tree" or "--namespace" or "--exec-path" or "--config-env" or "--super-prefix" or "--list-cmds" && !arg.Contains('=') && i + 1 < args.Count && arg != "--exec-path")
            {
                globals.Add((arg, args[i + 1]));
                i += 2;
                continue;
            }

            var eq = arg.IndexOf('=');
            globals.Add(eq > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null));
            i++;
        }

        return (globals, i);
    }

    /// <summary>Reasons this git invocation can run a program.</summary>
    public static string? ExecReason(IReadOnlyList<string> args)
    {
        var (globals, sub) = SplitGlobals(args);
        foreach (var (option, value) in globals)
        {
            if (option is "-c" or "--config-env" && value is not null && IsExecKey(value.Split('=')[0]))
            {
                return $"`git {option} {value}` sets a config key that runs a program";
            }

            if (option == "--exec-path" && value is not null)
            {
                return "`git --exec-path=...` runs git commands from another directory";
            }
        }

        var rest = args.Skip(sub).ToList();
        foreach (var arg in rest.Skip(1))
        {
            if (arg.StartsWith("-O", StringComparison.Ordinal) || arg.StartsWith("--open-files-in-pager", StringComparison.Ordinal) || arg == "--ext-diff"
                || arg.StartsWith("--upload-pack", StringComparison.Ordinal) || arg.StartsWith("--receive-pack", StringComparison.Ordinal)
                || arg.StartsWith("--exec", StringComparison.Ordinal) || arg == "--textconv")
            {
                return $"git option `{arg}` runs a program";
            }
        }

        if (rest.Count > 0 && rest[0] == "config")
        {
            var reads = rest.Exists(a => a is "--get" or "--get-all" or "--get-regexp" or "--list" or "-l" or "--get-urlmatch" or "get" or "list");
            var key = rest.Skip(1).FirstOrDefault(a => !a.StartsWith('-') && a is not ("set" or "unset" or "get" or "list"));
            if (!reads && key is not null && IsExecKey(key))
            {
                return $"`git config {key}` sets a key that runs a program";
            }
        }

        return null;
    }
}
