namespace Keel.Core.Permissions.Shell;

public static partial class BashPermission
{
    /// <summary>
    /// A path a command reads or writes: <see cref="Path"/> is null when it is not statically known.
    /// <see cref="Tree"/> says how the command treats it when it is a directory; a
    /// <see cref="Generic"/> check is a word of a command the analyzer does not know, which only a deny
    /// rule (or a tree holding a denied file) stops; <see cref="Glob"/> paths are expanded first.
    /// </summary>
    private sealed record PathCheck(string? Path, string Display, PathAccess Access)
    {
        public TreeAccess Tree { get; init; }

        public bool Generic { get; init; }

        public bool Glob { get; init; }
    }

    private sealed partial class Evaluation
    {
        private static readonly string[] HarmlessDevices = ["/dev/null", "/dev/zero", "/dev/tty", "/dev/full", "/dev/random", "/dev/urandom"];

        private IEnumerable<PathCheck> PathChecks(ShellCommand command)
        {
            foreach (var redirect in command.Redirects)
            {
                if (redirect.IsDescriptorDuplicate || redirect.IsHereDocument || !(redirect.IsOutput || redirect.IsFileInput))
                {
                    continue;
                }

                var target = redirect.Target;
                var path = target.Values.Count == 1 ? ShellPathText.Resolve(target.Value, target.IsStatic, target) : null;
                yield return new PathCheck(path, target.Raw, redirect.IsOutput ? PathAccess.Write : PathAccess.Read) { Glob = IsGlob(target) };
            }

            if (command.Arguments.Count == 0 || command.Has(ShellCommandFlags.NonStaticCommandWord))
            {
                yield break;
            }

            var (tree, implicitCwd) = ShellTreeReaders.Classify(command);
            var known = ShellFileOperands.IsKnown(command.BaseName);
            var operands = ShellFileOperands.Find(command);
            var operandIndexes = new HashSet<int>();
            var destination = command.BaseName is "mv" && !command.Arguments.Any(a => a == "-t" || a.StartsWith("--target-directory", StringComparison.Ordinal))
                ? operands.FindLastIndex(o => o.Value is null)
                : -1;
            for (var k = 0; k < operands.Count; k++)
            {
                var (index, value, access) = operands[k];
                operandIndexes.Add(index);
                var source = command.ArgumentSources[index];
                var isStatic = command.ArgumentIsStatic[index];
                var path = ShellPathText.Resolve(value ?? command.Arguments[index], isStatic, source);
                var treeAccess = k == destination ? TreeAccess.None
                    : access == PathAccess.Write ? (tree == TreeAccess.Writes ? TreeAccess.Writes : TreeAccess.None)
                    : (tree == TreeAccess.Writes ? TreeAccess.None : tree);
                yield return new PathCheck(path, value ?? command.Arguments[index], access) { Tree = treeAccess, Glob = IsGlob(source) };
            }

            // mkdir -p creates every missing parent too.
            if (command.BaseName == "mkdir" && command.Arguments.Skip(1).Any(a => a == "--parents" || (a.StartsWith('-') && !a.StartsWith("--", StringComparison.Ordinal) && a.Contains('p', StringComparison.Ordinal))))
            {
                foreach (var (index, _, _) in operands.Where(o => o.Access == PathAccess.Write && o.Value is null && command.ArgumentIsStatic[o.Index]))
                {
                    var text = command.Arguments[index];
                    for (var slash = text.IndexOf('/', 1); slash > 0; slash = text.IndexOf('/', slash + 1))
                    {
                        yield return new PathCheck(text[..slash], text[..slash], PathAccess.Write);
                    }
                }
            }

            if (implicitCwd && tree != TreeAccess.None && !operands.Exists(o => o.Access == PathAccess.Read && o.Value is null))
            {
                yield return new PathCheck(".", "the current directory", PathAccess.Read) { Tree = tree };
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

                // REV:path names a file's content in the object store (git show HEAD:.env).
                for (var i = 1; i < command.Arguments.Count; i++)
                {
                    var arg = command.Arguments[i];
                    var colon = arg.IndexOf(':', StringComparison.Ordinal);
                    if (_pathDenies && command.ArgumentIsStatic[i] && !arg.StartsWith('-') && colon >= 0 && colon < arg.Length - 1)
                    {
                        var inRepo = arg[(colon + 1)..];
                        var path = inRepo.StartsWith("./", StringComparison.Ordinal) || inRepo.StartsWith("../", StringComparison.Ordinal) ? inRepo : context.ProjectDirectory + "/" + inRepo;
                        yield return new PathCheck(path, arg, PathAccess.Read) { Generic = true };
                    }
                }
            }

            if (known || !_pathDenies)
            {
                yield break;
            }

            // A command the analyzer does not know: any word may be a file it opens (item: path checks for every command).
            var firstWord = command.Name.Contains('/') ? 0 : 1;
            for (var i = firstWord; i < command.Arguments.Count; i++)
            {
                if (operandIndexes.Contains(i) || !command.ArgumentIsStatic[i])
                {
                    continue;
                }

                foreach (var candidate in WordPaths(command.Arguments[i]))
                {
                    var path = ShellPathText.Resolve(candidate, isStatic: true, command.ArgumentSources[i]);
                    yield return new PathCheck(path, candidate, PathAccess.Read) { Generic = true, Tree = tree, Glob = IsGlob(command.ArgumentSources[i]) };
                }
            }
        }

        private static bool IsGlob(ShellWord word) => (word.Flags & ShellWordFlags.Glob) != ShellWordFlags.None;

        /// <summary>The texts in one word that may be a path: the word, the value of <c>--opt=value</c> or <c>if=value</c>, the rest of <c>-fvalue</c>.</summary>
        private static IEnumerable<string> WordPaths(string word)
        {
            if (word.Length == 0)
            {
                yield break;
            }

            if (!word.StartsWith('-'))
            {
                yield return word;
            }

            var eq = word.IndexOf('=', StringComparison.Ordinal);
            string? value = null;
            if (eq >= 0 && eq < word.Length - 1)
            {
                value = word[(eq + 1)..];
            }
            else if (word.Length > 2 && word[0] == '-' && word[1] != '-')
            {
                value = word[2..];
            }

            if (value is not null)
            {
                yield return value;
            }

            // curl -d @file, -F name=@file: the file's content is sent.
            var at = value ?? word;
            if (at.Length > 1 && at[0] == '@')
            {
                yield return at[1..];
            }
        }

        /// <summary>Checks one path in every directory the command may run in. Returns a deny decision, or sets a finding.</summary>
        private PermissionDecision? CheckPath(PathCheck check, ShellCommand command, out BashFinding? finding)
        {
            finding = null;
            var write = check.Access == PathAccess.Write;
            if (check.Path is null)
            {
                if (!check.Generic)
                {
                    finding = new(write ? BashFindingKind.OutsideWrite : BashFindingKind.Ask, $"the path `{Shorten(check.Display)}` is only known when it runs, so it cannot be checked", command);
                }

                return null;
            }

            // Bash opens /dev/tcp and /dev/udp itself, by their text.
            if (check.Path.StartsWith("/dev/tcp/", StringComparison.Ordinal) || check.Path.StartsWith("/dev/udp/", StringComparison.Ordinal))
            {
                finding = new(BashFindingKind.Ask, $"`{check.Path}` opens a network connection", command);
                return null;
            }

            var isAbsolute = check.Path.StartsWith('/') || check.Path.StartsWith('~');
            if (!command.Cwd.IsKnown && !isAbsolute)
            {
                if (!check.Generic)
                {
                    finding = new(write ? BashFindingKind.OutsideWrite : BashFindingKind.Ask, $"`{Shorten(check.Display)}` is relative to a directory only known when it runs", command);
                }

                return null;
            }

            IEnumerable<string?> cwds = command.Cwd.IsKnown ? command.Cwd.Candidates!.Select(c => (string?)ResolveDirectory(c)) : [null];
            foreach (var cwd in cwds)
            {
                var at = cwd ?? context.Cwd;
                if (!check.Glob || !ShellGlob.HasGlob(check.Path))
                {
                    if (CheckConcrete(check, check.Path, cwd, at, command, ref finding) is { } denied)
                    {
                        return denied;
                    }

                    continue;
                }

                // A glob is checked as every path it can match now, and as the literal text bash keeps when nothing matches.
                var pattern = Join(check.Path, at);
                var prefix = ShellGlob.LiteralPrefix(pattern);
                if (IsProcessRelative(prefix, prefix))
                {
                    var anchor = ShellPathResolver.Resolve(prefix, cwd, context.Home);
                    if (anchor.Kind != ShellPathKind.File)
                    {
                        finding ??= new(BashFindingKind.Ask, $"`{Shorten(command.FullText)}` expands {check.Path} through a link only known when it runs", command);
                        continue;
                    }

                    pattern = anchor.Path.TrimEnd('/') + pattern[prefix.Length..];
                }

                var matches = ShellGlob.Expand(pattern, out var bounded);
                if (!bounded && context.Paths.DenyWithin(ShellGlob.LiteralPrefix(pattern), check.Access, at) is { } unbounded)
                {
                    return PermissionDecision.Deny($"`{Shorten(command.FullText)}` uses the glob {check.Path}, which matches too many paths to check: {unbounded.Reason}", unbounded.Rule, unbounded.Source);
                }

                foreach (var match in matches.Append(pattern))
                {
                    if (CheckConcrete(check, match, cwd, at, command, ref finding) is { } denied)
                    {
                        return denied;
                    }
                }
            }

            return null;
        }

        /// <summary>One concrete path in one working directory.</summary>
        private PermissionDecision? CheckConcrete(PathCheck check, string path, string? shellCwd, string cwd, ShellCommand command, ref BashFinding? finding)
        {
            var write = check.Access == PathAccess.Write;
            var full = Resolve(path, cwd);
            var resolved = full;
            if (IsProcessRelative(path, full))
            {
                var special = ShellPathResolver.Resolve(path, shellCwd, context.Home);
                switch (special.Kind)
                {
                    case ShellPathKind.Descriptor:
                        if (special.Descriptor > 2 && !command.Redirects.Any(r => r.Fd == special.Descriptor && !r.IsDescriptorDuplicate))
                        {
                            finding ??= new(BashFindingKind.Ask, $"`{Shorten(command.FullText)}` opens {path}, a descriptor the analyzer cannot see", command);
                        }

                        return null;
                    case ShellPathKind.Unknown:
                        finding ??= new(write ? BashFindingKind.OutsideWrite : BashFindingKind.Ask, $"`{Shorten(command.FullText)}` opens {path}, which is only known when it runs", command);
                        return null;
                }

                resolved = special.Path;
            }

            if (HarmlessDevices.Contains(resolved))
            {
                return null;
            }

            if (resolved.StartsWith("/dev/", StringComparison.Ordinal) && !check.Generic)
            {
                finding ??= new(write ? BashFindingKind.Dangerous : BashFindingKind.Ask, write ? $"writing to the device {resolved} is dangerous" : $"reading the device {resolved} needs approval", command);
                return null;
            }

            // Through a process link, the policy would resolve /proc/self as Keel itself: decide on the shell's path,
            // and let the text as written only add a deny.
            var processRelative = resolved != full;
            var decision = context.Paths.Check(processRelative ? resolved : path, check.Access, cwd);
            if (processRelative && decision.Behavior != PermissionBehavior.Deny && context.Paths.Check(path, check.Access, cwd) is { Behavior: PermissionBehavior.Deny } asWritten)
            {
                decision = asWritten;
            }

            // A word of an unknown command is stopped by deny rules and process secrets, not by the mode or device checks.
            if (decision.Behavior == PermissionBehavior.Deny && (!check.Generic || decision.Rule is not null || (decision.Source == "path" && resolved.StartsWith("/proc/", StringComparison.Ordinal))))
            {
                var verb = write ? "writes" : "reads";
                return PermissionDecision.Deny($"`{Shorten(command.FullText)}` {verb} {path}: {decision.Reason}", decision.Rule, decision.Source);
            }

            if (check.Tree != TreeAccess.None && Directory.Exists(resolved) && context.Paths.DenyWithin(resolved, write ? PathAccess.Write : PathAccess.Read, cwd) is { } inside)
            {
                if (check.Tree != TreeAccess.Names)
                {
                    return PermissionDecision.Deny($"`{Shorten(command.FullText)}` {(write ? "changes" : "reads")} every file under {path}: {inside.Reason}", inside.Rule, inside.Source);
                }

                finding ??= new(BashFindingKind.Ask, $"`{Shorten(command.FullText)}` walks {path}: {inside.Reason}", command, inside.Rule, inside.Source);
            }

            if (finding is not null || check.Generic)
            {
                return null;
            }

            var insideProject = context.Paths.IsInsideWorkingDirectories(resolved, cwd) && (processRelative || context.Paths.IsInsideWorkingDirectories(path, cwd));
            if (!write)
            {
                if (decision.Behavior == PermissionBehavior.Ask)
                {
                    finding = new(BashFindingKind.Ask, insideProject ? decision.Reason : $"`{Shorten(command.FullText)}` reads {resolved}, outside the project", command, decision.Rule, null);
                }
            }
            else if (decision.Source == "protectedPath" || ShellProtectedPaths.IsProtected(full, context.Home) || ShellProtectedPaths.IsProtected(resolved, context.Home))
            {
                finding = new(BashFindingKind.ProtectedWrite, $"`{Shorten(command.FullText)}` writes to the protected path {resolved}", command);
            }
            else if (!insideProject)
            {
                finding = new(BashFindingKind.OutsideWrite, $"`{Shorten(command.FullText)}` writes {resolved}, outside the project", command);
            }
            else if (decision.Behavior == PermissionBehavior.Ask && context.Mode != PermissionMode.Default && decision.Rule is not null)
            {
                finding = new(BashFindingKind.Ask, decision.Reason, command, decision.Rule, decision.Source);
            }
            else
            {
                finding = new(BashFindingKind.ProjectWrite, $"`{Shorten(command.FullText)}` writes {full}", command);
            }

            return null;
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

        /// <summary>True when the path goes through a per-process link that must be read as the shell's, not Keel's.</summary>
        private static bool IsProcessRelative(string path, string full) =>
            full.StartsWith("/proc/", StringComparison.Ordinal) || full.StartsWith("/dev/", StringComparison.Ordinal) || full is "/proc" or "/dev"
            || path.Contains("/proc", StringComparison.Ordinal) || path.Contains("/dev", StringComparison.Ordinal);

        /// <summary>The absolute path with <c>~</c> expanded and <c>..</c> kept (the kernel applies it after following links).</summary>
        private string Join(string path, string cwd)
        {
            var expanded = path == "~" ? context.Home : path.StartsWith("~/", StringComparison.Ordinal) ? context.Home + path[1..] : path;
            return expanded.StartsWith('/') ? expanded : cwd.TrimEnd('/') + "/" + expanded;
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
