namespace Keel.Core.Permissions.Shell;

public static partial class BashPermission
{
    /// <summary>A path a command reads or writes: <see cref="Path"/> is null when it is not statically known.</summary>
    private sealed record PathCheck(string? Path, string Display, PathAccess Access);

    private sealed partial class Evaluation
    {
        private static readonly string[] HarmlessDevices = ["/dev/null", "/dev/stdout", "/dev/stderr", "/dev/stdin", "/dev/tty"];

        private static IEnumerable<PathCheck> PathChecks(ShellCommand command)
        {
            foreach (var redirect in command.Redirects)
            {
                if (redirect.IsDescriptorDuplicate || redirect.IsHereDocument || !(redirect.IsOutput || redirect.IsFileInput))
                {
                    continue;
                }

                var target = redirect.Target;
                var path = target.Values.Count == 1 ? ShellPathText.Resolve(target.Value, target.IsStatic, target) : null;
                path = path is not null && (target.Flags & ShellWordFlags.Glob) != ShellWordFlags.None ? GlobPrefix(path) : path;
                yield return new PathCheck(path, target.Raw, redirect.IsOutput ? PathAccess.Write : PathAccess.Read);
            }

            foreach (var (index, value, access) in ShellFileOperands.Find(command))
            {
                var source = command.ArgumentSources[index];
                var isStatic = command.ArgumentIsStatic[index];
                var path = ShellPathText.Resolve(value ?? command.Arguments[index], isStatic, source);
                if (path is not null && (source.Flags & ShellWordFlags.Glob) != ShellWordFlags.None)
                {
                    path = GlobPrefix(path);
                }

                yield return new PathCheck(path, value ?? command.Arguments[index], access);
            }

            if (command.BaseName == "git")
            {
                foreach (var (option, value) in GitSafety.SplitGlobals(command.Arguments).Globals)
                {
                    if (option is "-C" or "--git-dir" or "--work-tree" && value is not null)
                    {
                        yield return new PathCheck(value, value, PathAccess.Read);
                    }
                }
            }
        }

        /// <summary>The directory part before the first glob segment; null when a later <c>..</c> could climb anywhere.</summary>
        private static string? GlobPrefix(string path)
        {
            var segments = path.Split('/');
            var first = Array.FindIndex(segments, s => s.AsSpan().IndexOfAny("*?[") >= 0);
            if (first < 0)
            {
                return path;
            }

            if (segments.Skip(first).Any(s => s == ".."))
            {
                return null;
            }

            var prefix = string.Join('/', segments.Take(first));
            return prefix.Length == 0 ? (path.StartsWith('/') ? "/" : ".") : prefix;
        }

        /// <summary>Checks one path in every directory the command may run in. Returns a deny decision, or sets a finding.</summary>
        private PermissionDecision? CheckPath(PathCheck check, ShellCommand command, out BashFinding? finding)
        {
            finding = null;
            var write = check.Access == PathAccess.Write;
            if (check.Path is null)
            {
                finding = new(write ? BashFindingKind.OutsideWrite : BashFindingKind.Ask, $"the path `{Shorten(check.Display)}` is only known when it runs, so it cannot be checked", command);
                return null;
            }

            if (HarmlessDevices.Contains(check.Path) || check.Path.StartsWith("/dev/fd/", StringComparison.Ordinal))
            {
                return null;
            }

            if (check.Path.StartsWith("/dev/tcp/", StringComparison.Ordinal) || check.Path.StartsWith("/dev/udp/", StringComparison.Ordinal))
            {
                finding = new(BashFindingKind.Ask, $"`{check.Path}` opens a network connection", command);
                return null;
            }

            if (check.Path.StartsWith("/dev/", StringComparison.Ordinal))
            {
                finding = new(write ? BashFindingKind.Dangerous : BashFindingKind.Ask, write ? $"writing to the device {check.Path} is dangerous" : $"reading the device {check.Path} needs approval", command);
                return null;
            }

            var isAbsolute = check.Path.StartsWith('/') || check.Path.StartsWith('~');
            if (!command.Cwd.IsKnown && !isAbsolute)
            {
                finding = new(write ? BashFindingKind.OutsideWrite : BashFindingKind.Ask, $"`{Shorten(check.Display)}` is relative to a directory only known when it runs", command);
                return null;
            }

            foreach (var cwd in isAbsolute ? [context.Cwd] : command.Cwd.Candidates!.Select(ResolveDirectory))
            {
                var decision = context.Paths.Check(check.Path, check.Access, cwd);
                if (decision.Behavior == PermissionBehavior.Deny)
                {
                    var verb = write ? "writes" : "reads";
                    return PermissionDecision.Deny($"`{Shorten(command.FullText)}` {verb} {check.Path}: {decision.Reason}", decision.Rule, decision.Source);
                }

                if (finding is not null)
                {
                    continue;
                }

                var full = Resolve(check.Path, cwd);
                var inside = context.Paths.IsInsideWorkingDirectories(check.Path, cwd);
                if (!write)
                {
                    if (decision.Behavior == PermissionBehavior.Ask)
                    {
                        finding = new(BashFindingKind.Ask, inside ? decision.Reason : $"`{Shorten(command.FullText)}` reads {full}, outside the project", command, decision.Rule, null);
                    }
                }
                else if (ShellProtectedPaths.IsProtected(full, context.Home))
                {
                    finding = new(BashFindingKind.ProtectedWrite, $"`{Shorten(command.FullText)}` writes to the protected path {full}", command);
                }
                else if (!inside)
                {
                    finding = new(BashFindingKind.OutsideWrite, $"`{Shorten(command.FullText)}` writes {full}, outside the project", command);
                }
                else if (decision.Behavior == PermissionBehavior.Ask && context.Mode != PermissionMode.Default && decision.Rule is not null)
                {
                    finding = new(BashFindingKind.Ask, decision.Reason, command, decision.Rule, decision.Source);
                }
                else
                {
                    finding = new(BashFindingKind.ProjectWrite, $"`{Shorten(command.FullText)}` writes {full}", command);
                }
            }

            return null;
        }

        private void DirectoryChangeFindings(ShellCommand command, List<BashFinding> findings)
        {
            if (command.BaseName is not ("cd" or "pushd") || command.Wrappers.Count > 0)
            {
                return;
            }

            var operand = Enumerable.Range(1, command.Arguments.Count - 1).FirstOrDefault(i => !command.Arguments[i].StartsWith('-') || command.Arguments[i] == "-", -1);
            if (operand > 0 && command.Arguments[operand] == "-")
            {
                findings.Add(new(BashFindingKind.Ask, "`cd -` goes to a directory only known when it runs", command));
                return;
            }

            var target = operand < 0 ? "~" : ShellPathText.Resolve(command.Arguments[operand], command.ArgumentIsStatic[operand], command.ArgumentSources[operand]);
            if (target is null || (!command.Cwd.IsKnown && !target.StartsWith('/') && !target.StartsWith('~')))
            {
                findings.Add(new(BashFindingKind.Ask, $"`{Shorten(command.Text)}` goes to a directory only known when it runs", command));
                return;
            }

            foreach (var cwd in command.Cwd.Candidates!.Select(ResolveDirectory))
            {
                if (!context.Paths.IsInsideWorkingDirectories(target, cwd))
                {
                    findings.Add(new(BashFindingKind.Ask, $"cd to {Resolve(target, cwd)} leaves the project", command));
                    return;
                }
            }
        }

        private string ResolveDirectory(string candidate) => Resolve(candidate.Length == 0 ? "." : candidate, context.Cwd);

        private string Resolve(string path, string cwd)
        {
            var expanded = path == "~" ? context.Home
                : path.StartsWith("~/", StringComparison.Ordinal) ? System.IO.Path.Combine(context.Home, path[2..])
                : path;
            return System.IO.Path.GetFullPath(System.IO.Path.Combine(cwd, expanded));
        }
    }
}
