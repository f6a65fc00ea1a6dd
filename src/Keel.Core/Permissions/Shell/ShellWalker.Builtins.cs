namespace Keel.Core.Permissions.Shell;

internal sealed partial class ShellWalker
{
    private static CwdState ChangeDirectory(ShellArgs args, int start, CwdState cwd)
    {
        var i = start + 1;
        while (i < args.Count && args.Static[i] && args.Values[i] is "-L" or "-P" or "-e" or "-@" or "-LP" or "-PL" or "-Pe")
        {
            i++;
        }

        if (i < args.Count && args.Values[i] == "--")
        {
            i++;
        }

        if (i >= args.Count)
        {
            return cwd.ChangeTo("~");
        }

        if (args.Static[i] && args.Values[i] == "-")
        {
            return cwd with { Dirs = cwd.Old, Old = cwd.Dirs };
        }

        if (args.Static[i] && args.Values[i].Length == 0)
        {
            return cwd;
        }

        var target = ShellPathText.Resolve(args.Values[i], args.Static[i], args.Sources[i]);
        return target is null ? cwd.ChangeToUnknown() : cwd.ChangeTo(target);
    }

    private static CwdState PushDirectory(ShellArgs args, int start, CwdState cwd)
    {
        var i = start + 1;
        if (i < args.Count && args.Values[i] == "-n")
        {
            return cwd with { Stack = null };
        }

        if (i >= args.Count || args.Values[i].StartsWith('+') || (args.Values[i].StartsWith('-') && args.Values[i] != "--"))
        {
            return cwd with { Dirs = null, Old = cwd.Dirs, Stack = null };
        }

        if (args.Values[i] == "--")
        {
            i++;
        }

        var target = i < args.Count ? ShellPathText.Resolve(args.Values[i], args.Static[i], args.Sources[i]) : null;
        var stack = cwd.Stack is null ? null : new List<IReadOnlyList<string>?>(cwd.Stack) { cwd.Dirs };
        var moved = target is null ? cwd.ChangeToUnknown() : cwd.ChangeTo(target);
        return moved with { Stack = stack };
    }

    private void WalkTrap(ShellArgs args, int start, CwdState cwd, Context context, int commandIndex)
    {
        var i = start + 1;
        if (i < args.Count && args.Values[i] == "--")
        {
            i++;
        }

        if (i >= args.Count || args.Values[i] is "-p" or "-l" or "-P" || args.Count - i < 2 || (args.Static[i] && args.Values[i] is "-" or ""))
        {
            return;
        }

        if (args.Static[i])
        {
            WalkScript(args.Values[i], cwd, context, ShellCommandFlags.FromTrap, commandIndex);
        }
        else
        {
            AddFlag(commandIndex, ShellCommandFlags.UnanalysableScript);
        }
    }

    private void WalkFindExec(ShellArgs args, int start, CwdState cwd, Context context)
    {
        for (var i = start + 1; i < args.Count; i++)
        {
            if (!(args.Static[i] && args.Values[i] is "-exec" or "-execdir" or "-ok" or "-okdir"))
            {
                continue;
            }

            var end = i + 1;
            while (end < args.Count && !(args.Static[end] && args.Values[end] is ";" or "+"))
            {
                end++;
            }

            if (end > i + 1)
            {
                // -execdir runs in each match's directory, which is only known at run time.
                var where = args.Values[i] is "-execdir" or "-okdir" ? cwd.ChangeToUnknown() : cwd;
                AnalyzeArguments(args.Slice(i + 1, end), [], [], where, context, substitutedDownload: false, ShellCommandFlags.FromFindExec);
            }

            i = end;
        }
    }

    /// <summary><c>bash -c '...'</c>, <c>sh -s &lt;&lt;EOF</c>, <c>curl | sh</c>, <c>su -c '...'</c>.</summary>
    private void WalkShell(ShellArgs args, int start, IReadOnlyList<ShellRedirect> redirects, CwdState cwd, Context context, int commandIndex, bool substitutedDownload)
    {
        var i = start + 1;
        var hasScriptOption = false;
        var readsStdin = false;
        string? script = null;
        var scriptStatic = true;
        while (i < args.Count)
        {
            var arg = args.Values[i];
            if (!args.Static[i])
            {
                if (arg.StartsWith('-'))
                {
                    AddFlag(commandIndex, ShellCommandFlags.UnanalysableScript);
                    return;
                }

                break;
            }

            if (arg is "--" or "-")
            {
                readsStdin |= arg == "-";
                i++;
                break;
            }

            if (arg.StartsWith("--command=", StringComparison.Ordinal))
            {
                (script, hasScriptOption) = (arg["--command=".Length..], true);
                i++;
                continue;
            }

            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (arg is "--rcfile" or "--init-file" or "--command" or "--shell")
                {
                    if (arg is "--rcfile" or "--init-file")
                    {
                        MarkUnseen(commandIndex, i + 1 < args.Count ? args.Values[i + 1] : null);
                    }

                    hasScriptOption |= arg == "--command";
                    if (arg == "--command" && i + 1 < args.Count)
                    {
                        (script, scriptStatic) = (args.Values[i + 1], args.Static[i + 1]);
                    }

                    i += 2;
                }
                else
                {
                    i++;
                }

                continue;
            }

            if (arg.Length > 1 && arg[0] is '-' or '+')
            {
                var takesNext = false;
                foreach (var c in arg.AsSpan(1))
                {
                    hasScriptOption |= c == 'c';
                    readsStdin |= c == 's';
                    takesNext |= c is 'o' or 'O' or 's' && ShellText.BaseName(args.Values[start]) == "su";
                    takesNext |= c is 'o' or 'O' && ShellText.BaseName(args.Values[start]) != "su";
                }

                // su takes its script as the value of -c; shells take it as the first operand.
                if (ShellText.BaseName(args.Values[start]) == "su" && arg.EndsWith('c') && i + 1 < args.Count)
                {
                    (script, scriptStatic) = (args.Values[i + 1], args.Static[i + 1]);
                    i += 2;
                    continue;
                }

                i += takesNext ? 2 : 1;
                continue;
            }

            break;
        }

        if (hasScriptOption)
        {
            if (script is null && i < args.Count && ShellText.BaseName(args.Values[start]) != "su")
            {
                (script, scriptStatic) = (args.Values[i], args.Static[i]);
            }

            if (script is null)
            {
                return;
            }

            if (scriptStatic)
            {
                WalkScript(script, cwd, context, ShellCommandFlags.FromNestedShell, commandIndex);
            }
            else
            {
                AddFlag(commandIndex, ShellCommandFlags.UnanalysableScript);
            }

            return;
        }

        if (ShellText.BaseName(args.Values[start]) == "su")
        {
            return;
        }

        if (i < args.Count && !readsStdin)
        {
            // A script file (or /dev/stdin, /proc/self/fd/0...) the analyzer never saw.
            if (args.Static[i])
            {
                MarkUnseen(commandIndex, args.Values[i]);
            }
            else
            {
                AddFlag(commandIndex, ShellCommandFlags.UnanalysableScript);
            }

            return;
        }

        // The script comes from standard input.
        var stdin = redirects.LastOrDefault(r => (r.Fd is null or 0) && r.VariableFd is null && (r.IsHereDocument || r.IsFileInput || r.Operator == "<&"));
        if (stdin is not null && stdin.IsHereDocument)
        {
            if (stdin.Target.IsStatic)
            {
                WalkScript(stdin.Operator == "<<<" ? stdin.Target.Value + "\n" : stdin.Target.Value, cwd, context, ShellCommandFlags.FromNestedShell, commandIndex);
            }
            else
            {
                AddFlag(commandIndex, ShellCommandFlags.UnanalysableScript);
            }
        }
        else if (stdin is not null || context.PipedInput)
        {
            AddFlag(commandIndex, substitutedDownload ? ShellCommandFlags.DownloadToShell | ShellCommandFlags.UnanalysableScript : ShellCommandFlags.UnanalysableScript);
        }
    }

    private void MarkUnseen(int commandIndex, string? script) =>
        _commands[commandIndex] = _commands[commandIndex] with { Flags = _commands[commandIndex].Flags | ShellCommandFlags.UnseenScript, ScriptFile = script ?? "" };
}
