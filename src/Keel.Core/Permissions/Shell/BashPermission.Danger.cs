namespace Keel.Core.Permissions.Shell;

public static partial class BashPermission
{
    private static readonly HashSet<string> DiskTools = new(StringComparer.Ordinal) { "wipefs", "fdisk", "sfdisk", "cfdisk", "parted", "mkswap", "shred" };
    private static readonly HashSet<string> PowerCommands = new(StringComparer.Ordinal) { "shutdown", "reboot", "halt", "poweroff" };
    private static readonly HashSet<string> AgentCommands = new(StringComparer.Ordinal) { "keel", "claude" };

    private sealed partial class Evaluation
    {
        /// <summary>The dangerous patterns D: they ask even when an allow rule matches.</summary>
        private void DangerFindings(ShellCommand command, List<BashFinding> findings)
        {
            void Add(string reason) => findings.Add(new(BashFindingKind.Dangerous, reason, command));
            var name = command.BaseName;
            var args = command.Arguments;
            var text = Shorten(command.FullText);
            if (command.Has(ShellCommandFlags.DownloadToShell))
            {
                Add($"`{text}` feeds a download to a shell or interpreter");
            }

            if (command.Has(ShellCommandFlags.RecursiveFunction))
            {
                Add($"`{text}` is a function calling itself (fork-bomb shape)");
            }

            if (args.Contains("--no-preserve-root"))
            {
                Add($"`{text}` uses --no-preserve-root");
            }

            if (name is "rm" or "chmod" or "chown" or "chgrp" && IsRecursive(name, args))
            {
                foreach (var i in Enumerable.Range(1, args.Count - 1).Where(i => !args[i].StartsWith('-') || !command.ArgumentIsStatic[i]))
                {
                    if (IsCriticalTarget(command, i))
                    {
                        Add($"`{text}` recursively changes {args[i]}");
                        break;
                    }
                }
            }

            if (name == "dd" && args.FirstOrDefault(a => a.StartsWith("of=", StringComparison.Ordinal)) is { } output)
            {
                var target = output[3..];
                var cwd = command.Cwd.IsKnown ? ResolveDirectory(command.Cwd.Candidates![0]) : context.Cwd;
                if (target.StartsWith("/dev/", StringComparison.Ordinal) && target != "/dev/null" || !context.Paths.IsInsideWorkingDirectories(target, cwd))
                {
                    Add($"`{text}` writes raw data to {target}");
                }
            }

            if (name.StartsWith("mkfs", StringComparison.Ordinal) || DiskTools.Contains(name))
            {
                Add($"`{text}` can destroy a file system");
            }

            if (PowerCommands.Contains(name) || (name == "init" && args.Skip(1).Any(a => a is "0" or "6")) || (name == "systemctl" && args.Skip(1).Any(a => a is "poweroff" or "reboot" or "halt" or "kexec")))
            {
                Add($"`{text}` shuts the machine down");
            }

            if (name is "kill" or "pkill" or "killall" && args.Skip(2).Contains("-1") || (name == "kill" && args.Count >= 3 && args[1] == "--" && args[2] == "-1"))
            {
                Add($"`{text}` signals every process");
            }

            if (AgentCommands.Contains(name))
            {
                Add($"`{text}` launches the agent itself");
            }
        }

        private static bool IsRecursive(string name, IReadOnlyList<string> args) =>
            args.Skip(1).Any(a => a == "--recursive"
                || (a.Length > 1 && a[0] == '-' && a[1] != '-' && (a.Contains('R') || (name == "rm" && a.Contains('r')))));

        private bool IsCriticalTarget(ShellCommand command, int index)
        {
            var arg = command.Arguments[index];
            if (!command.ArgumentIsStatic[index])
            {
                return arg.Contains("HOME", StringComparison.Ordinal) || arg.StartsWith('$') || arg.StartsWith('~');
            }

            var path = ShellPathText.Resolve(arg, true, command.ArgumentSources[index]);
            if (path is null || path is "/" or "/*" or "~" or "~/" or "~/*" || path.Trim('/').Length == 0)
            {
                return true;
            }

            if ((command.ArgumentSources[index].Flags & ShellWordFlags.Glob) != ShellWordFlags.None)
            {
                path = GlobPrefix(path);
                if (path is null)
                {
                    return true;
                }
            }

            var candidates = command.Cwd.IsKnown ? command.Cwd.Candidates!.Select(ResolveDirectory) : [context.Cwd];
            return candidates.Any(cwd => !context.Paths.IsInsideWorkingDirectories(path, cwd));
        }
    }
}
