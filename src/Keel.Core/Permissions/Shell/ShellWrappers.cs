namespace Keel.Core.Permissions.Shell;

/// <summary>What unwrapping one wrapper found.</summary>
internal sealed record Unwrapped(string Name, int Next, List<(string Option, string? Value)> Options)
{
    public ShellCommandFlags Flags { get; init; }

    /// <summary>A shell script the wrapper runs (<c>watch 'a; b'</c>, <c>flock f -c '...'</c>, <c>env -S '...'</c>).</summary>
    public string? Script { get; init; }

    public bool ScriptIsStatic { get; init; } = true;

    /// <summary><c>env -C dir</c>.</summary>
    public string? ChangeDirectory { get; init; }

    /// <summary><c>/usr/bin/time -o file</c>.</summary>
    public string? OutputFile { get; init; }
}

/// <summary>Programs that run another program given as their arguments.</summary>
internal static class ShellWrappers
{
    /// <summary>Wrappers that do not change what the inner command may do (policy step 5).</summary>
    public static readonly HashSet<string> Transparent = new(StringComparer.Ordinal) { "timeout", "nice", "nohup", "time", "stdbuf" };

    private static readonly OptionSpec Command = new("pvV", "", [], []);
    private static readonly OptionSpec Exec = new("cl", "a", [], []);
    private static readonly OptionSpec Env = new("i0v", "uCS", ["--ignore-environment", "--null", "--debug", "--block-signal", "--default-signal", "--ignore-signal", "--list-signal-handling"], ["--unset", "--chdir", "--split-string"]);
    private static readonly OptionSpec Nice = new("", "n", [], ["--adjustment"]) { NumericOptions = true };
    private static readonly OptionSpec Nohup = new("", "", [], []);
    private static readonly OptionSpec Time = new("pvqa", "fo", ["--portability", "--verbose", "--quiet", "--append"], ["--format", "--output"]);
    private static readonly OptionSpec Timeout = new("v", "sk", ["--preserve-status", "--foreground", "--verbose"], ["--signal", "--kill-after"]);
    private static readonly OptionSpec Stdbuf = new("", "ioe", [], ["--input", "--output", "--error"]);
    private static readonly OptionSpec Sudo = new("AbEeHiKklnPSsVv", "uCDghprtTUR", ["--askpass", "--background", "--preserve-env", "--edit", "--set-home", "--login", "--remove-timestamp", "--reset-timestamp", "--list", "--non-interactive", "--preserve-groups", "--stdin", "--shell", "--version", "--validate"], ["--user", "--close-from", "--chdir", "--group", "--host", "--prompt", "--role", "--type", "--command-timeout", "--other-user", "--chroot"]);
    private static readonly OptionSpec Doas = new("nsL", "uC", [], []);
    private static readonly OptionSpec Ionice = new("tpPu", "cn", ["--ignore"], ["--class", "--classdata"]);
    private static readonly OptionSpec Chrt = new("abdefiormRpv", "TPD", ["--all-tasks", "--batch", "--deadline", "--ext", "--fifo", "--idle", "--max", "--other", "--rr", "--reset-on-fork", "--pid", "--verbose"], ["--sched-runtime", "--sched-period", "--sched-deadline"]);
    private static readonly OptionSpec Taskset = new("acp", "", ["--all-tasks", "--cpu-list", "--pid"], []);
    private static readonly OptionSpec Setsid = new("cfw", "", ["--ctty", "--fork", "--wait"], []);
    private static readonly OptionSpec Unbuffer = new("p", "", [], []);
    private static readonly OptionSpec Caffeinate = new("dimsu", "tw", [], []);
    private static readonly OptionSpec Watch = new("dtbegcxprwCq", "ns", ["--differences", "--no-title", "--beep", "--errexit", "--chgexit", "--color", "--no-color", "--exec", "--precise", "--no-rerun", "--no-wrap"], ["--interval", "--equexit"]);
    private static readonly OptionSpec Flock = new("sxeunoF", "wEc", ["--shared", "--exclusive", "--unlock", "--nonblock", "--close", "--no-fork", "--verbose"], ["--timeout", "--conflict-exit-code", "--command"]);
    private static readonly OptionSpec Script = new("aefqk", "cTBIOEmot", ["--append", "--return", "--flush", "--quiet", "--force"], ["--command", "--timing", "--log-timing", "--log-in", "--log-out", "--log-io", "--echo", "--logging-format", "--output-limit"]);
    private static readonly OptionSpec Parallel = new("0kqXvuegtr", "jnIaNdsSL", ["--null", "--keep-order", "--quote", "--verbose", "--ungroup", "--will-cite", "--no-run-if-empty", "--dry-run", "--line-buffer", "--tag", "--group"], ["--jobs", "--max-args", "--arg-file", "--delimiter", "--halt", "--timeout", "--joblog", "--results", "--retries", "--sshlogin", "--colsep"]);
    private static readonly OptionSpec Xargs = new("0optrx", "adEILnPs", ["--null", "--open-tty", "--interactive", "--no-run-if-empty", "--verbose", "--exit", "--show-limits", "--eof", "--replace", "--max-lines"], ["--arg-file", "--delimiter", "--max-args", "--max-procs", "--max-chars", "--process-slot-var"]);

    public static bool IsWrapper(string name) => name is "command" or "builtin" or "exec" or "env" or "nice" or "nohup" or "time" or "timeout" or "stdbuf" or "sudo" or "doas" or "ionice" or "chrt" or "taskset" or "setsid" or "unbuffer" or "caffeinate" or "watch" or "flock" or "xargs" or "script" or "parallel";

    /// <summary>
    /// Unwraps the wrapper at <paramref name="index"/>. Returns null when it runs no inner command
    /// (<c>command -v x</c>, <c>sudo -l</c>, <c>ionice -p 12</c>, <c>env</c> alone). A result with
    /// <see cref="ShellCommandFlags.UnknownWrapperOption"/> means the inner command could not be found.
    /// </summary>
    public static Unwrapped? Unwrap(string name, ShellArgs args, int index)
    {
        var seen = new List<(string, string?)>();
        var start = index + 1;
        switch (name)
        {
            case "command":
                return Simple(name, Command, args, start, seen, o => o is "-v" or "-V");
            case "builtin":
                return Finish(name, args, start, seen);
            case "exec":
                return Simple(name, Exec, args, start, seen, _ => false);
            case "env":
                return UnwrapEnv(args, start, seen);
            case "nice":
                return Simple(name, Nice, args, start, seen, _ => false);
            case "nohup":
                return Simple(name, Nohup, args, start, seen, _ => false);
            case "time":
                return Simple(name, Time, args, start, seen, _ => false) is { } timed
                    ? timed with { OutputFile = seen.LastOrDefault(o => o.Item1 is "-o" or "--output").Item2 }
                    : null;
            case "timeout":
                return AfterOperands(name, Timeout, args, start, seen, 1);
            case "stdbuf":
                return Simple(name, Stdbuf, args, start, seen, _ => false);
            case "sudo":
                return Simple(name, Sudo, args, start, seen, o => o is "-l" or "--list" or "-v" or "--validate" or "-k" or "-K" or "-e" or "--edit" or "-V" or "--version");
            case "doas":
                return Simple(name, Doas, args, start, seen, _ => false);
            case "ionice":
                return Simple(name, Ionice, args, start, seen, o => o is "-p" or "-P" or "-u");
            case "chrt":
                return AfterOperands(name, Chrt, args, start, seen, 1, o => o is "-p" or "--pid" or "-m" or "--max");
            case "taskset":
                return AfterOperands(name, Taskset, args, start, seen, 1, o => o is "-p" or "--pid");
            case "setsid":
                return Simple(name, Setsid, args, start, seen, _ => false);
            case "unbuffer":
                return Simple(name, Unbuffer, args, start, seen, _ => false);
            case "caffeinate":
                return Simple(name, Caffeinate, args, start, seen, _ => false);
            case "watch":
                return UnwrapWatch(args, start, seen);
            case "flock":
                return UnwrapFlock(args, start, seen);
            case "script":
                return UnwrapScript(args, start, seen);
            case "parallel":
                // The command's arguments come from ::: lists, files or standard input.
                return Simple(name, Parallel, args, start, seen, _ => false) is { } parallel
                    ? parallel with { Flags = parallel.Flags | ShellCommandFlags.UnknownArguments }
                    : Failed(name, index, seen);
            case "xargs":
                return Simple(name, Xargs, args, start, seen, _ => false) is { } xargs
                    ? xargs with { Flags = xargs.Flags | ShellCommandFlags.UnknownArguments }
                    : Failed(name, index, seen);
            default:
                return null;
        }
    }

    private static Unwrapped Failed(string name, int index, List<(string, string?)> seen) =>
        new(name, index, seen) { Flags = ShellCommandFlags.UnknownWrapperOption };

    private static Unwrapped? Simple(string name, OptionSpec spec, ShellArgs args, int start, List<(string, string?)> seen, Func<string, bool> noCommand)
    {
        var next = spec.Parse(args, start, seen);
        if (next < 0)
        {
            return Failed(name, start - 1, seen);
        }

        return seen.Exists(o => noCommand(o.Item1)) ? null : Finish(name, args, next, seen);
    }

    private static Unwrapped? AfterOperands(string name, OptionSpec spec, ShellArgs args, int start, List<(string, string?)> seen, int operands, Func<string, bool>? noCommand = null)
    {
        var next = spec.Parse(args, start, seen);
        if (next < 0)
        {
            return Failed(name, start - 1, seen);
        }

        if (noCommand is not null && seen.Exists(o => noCommand(o.Item1)))
        {
            return null;
        }

        return Finish(name, args, next + operands, seen);
    }

    private static Unwrapped? Finish(string name, ShellArgs args, int next, List<(string, string?)> seen) =>
        next < args.Count ? new Unwrapped(name, next, seen) : null;

    private static Unwrapped? UnwrapEnv(ShellArgs args, int start, List<(string, string?)> seen)
    {
        var next = Env.Parse(args, start, seen);
        if (next < 0)
        {
            return Failed("env", start - 1, seen);
        }

        // NAME=value operands come before the command; the walker records them as assignments.
        while (next < args.Count && args.Static[next] && ShellParser.IsAssignmentWord(args.Values[next]))
        {
            next++;
        }

        var chdir = seen.LastOrDefault(o => o.Item1 is "-C" or "--chdir").Item2;
        var split = seen.LastOrDefault(o => o.Item1 is "-S" or "--split-string").Item2;
        if (split is not null)
        {
            var rest = string.Join(' ', args.Values.Skip(next));
            return new Unwrapped("env", args.Count, seen) { Script = rest.Length == 0 ? split : split + " " + rest, ScriptIsStatic = args.AllStatic(next), ChangeDirectory = chdir };
        }

        return next < args.Count ? new Unwrapped("env", next, seen) { ChangeDirectory = chdir } : null;
    }

    /// <summary><c>script -c CMD [file]</c> runs CMD through a shell; without <c>-c</c> it starts an interactive shell.</summary>
    private static Unwrapped? UnwrapScript(ShellArgs args, int start, List<(string, string?)> seen)
    {
        var next = Script.Parse(args, start, seen);
        if (next < 0)
        {
            return Failed("script", start - 1, seen);
        }

        var command = seen.LastOrDefault(o => o.Item1 is "-c" or "--command");
        if (command.Item1 is null)
        {
            return null;
        }

        var index = args.Values.IndexOf(command.Item2 ?? "\0", start);
        return new Unwrapped("script", args.Count, seen) { Script = command.Item2 ?? "", ScriptIsStatic = index < 0 || args.Static[index] };
    }

    private static Unwrapped? UnwrapWatch(ShellArgs args, int start, List<(string, string?)> seen)
    {
        var next = Watch.Parse(args, start, seen);
        if (next < 0)
        {
            return Failed("watch", start - 1, seen);
        }

        if (next >= args.Count || seen.Exists(o => o.Item1 is "-x" or "--exec"))
        {
            return Finish("watch", args, next, seen);
        }

        // Without -x, watch joins its arguments and hands them to sh -c.
        return new Unwrapped("watch", args.Count, seen) { Script = string.Join(' ', args.Values.Skip(next)), ScriptIsStatic = args.AllStatic(next) };
    }

    private static Unwrapped? UnwrapFlock(ShellArgs args, int start, List<(string, string?)> seen)
    {
        var next = Flock.Parse(args, start, seen);
        if (next < 0)
        {
            return Failed("flock", start - 1, seen);
        }

        // The lock file or descriptor, then either -c SCRIPT or a command.
        next++;
        if (next < args.Count && args.Values[next] is "-c" or "--command")
        {
            seen.Add(("-c", next + 1 < args.Count ? args.Values[next + 1] : null));
            next = Math.Min(next + 2, args.Count);
        }

        var script = seen.LastOrDefault(o => o.Item1 is "-c" or "--command");
        if (script.Item1 is not null)
        {
            var index = args.Values.IndexOf(script.Item2 ?? "\0", start);
            return new Unwrapped("flock", args.Count, seen) { Script = script.Item2 ?? "", ScriptIsStatic = index < 0 || args.Static[index] };
        }

        return Finish("flock", args, next, seen);
    }
}
