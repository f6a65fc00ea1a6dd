namespace Keel.Core.Permissions.Shell;

public static partial class BashPermission
{
    private static readonly HashSet<string> SafeEnvironment = new(StringComparer.Ordinal)
    {
        "CI", "NODE_ENV", "RUST_BACKTRACE", "RUST_LOG", "NO_COLOR", "FORCE_COLOR", "TZ", "LANG", "LC_ALL", "TERM", "DEBUG", "PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE",
    };

    private static readonly HashSet<string> NetworkCommands = new(StringComparer.Ordinal)
    {
        "curl", "wget", "nc", "ncat", "netcat", "socat", "ssh", "scp", "sftp", "rsync", "ping", "ping6", "dig", "nslookup", "host", "whois", "traceroute", "telnet", "ftp", "tftp", "aria2c", "http", "https", "xh",
    };

    /// <summary>The state of one decision: rules by behaviour and what each command was allowed by.</summary>
    private sealed partial class Evaluation(BashPermissionContext context, List<PermissionRule> rules, bool predicting = false)
    {
        private readonly List<PermissionRule> _deny = rules.FindAll(r => r.Behavior == PermissionBehavior.Deny);
        private readonly List<PermissionRule> _ask = rules.FindAll(r => r.Behavior == PermissionBehavior.Ask);
        private readonly List<PermissionRule> _allow = rules.FindAll(r => r.Behavior == PermissionBehavior.Allow);
        private readonly List<string> _allowedBy = [];
        private readonly HashSet<string> _written = new(StringComparer.Ordinal);
        private readonly bool _pathDenies = predicting || context.Rules.Any(Paths.PathPolicy.IsPathDeny);
        private PermissionRule? _firstRule;

        public bool AllReadOnly { get; private set; } = true;

        public PermissionDecision? FindDeny(ShellAnalysis analysis, string raw)
        {
            if (_deny.Find(r => r.Specifier is null or "*") is { } bare)
            {
                return PermissionDecision.Deny($"the deny rule {bare.Text} from {bare.Origin} denies every Bash command", bare.Text, bare.Source);
            }

            foreach (var command in analysis.Commands)
            {
                if (Match(_deny, command) is var (rule, text) && rule is not null)
                {
                    return PermissionDecision.Deny($"`{text}` matches the deny rule {rule.Text} from {rule.Origin}", rule.Text, rule.Source);
                }
            }

            // When part of the command could not be analysed, deny rules still get a look at every plausible segment.
            if (analysis.ParseError is not null || analysis.Commands.Any(c => c.Has(ShellCommandFlags.UnanalysableScript | ShellCommandFlags.TooDeep | ShellCommandFlags.UnknownWrapperOption)))
            {
                foreach (var segment in CrudeSegments(raw))
                {
                    if (_deny.Find(r => BashRuleMatcher.Matches(r.Specifier, segment)) is { } rule)
                    {
                        return PermissionDecision.Deny($"`{segment}` matches the deny rule {rule.Text} from {rule.Origin}", rule.Text, rule.Source);
                    }
                }
            }

            foreach (var command in analysis.Commands)
            {
                foreach (var check in PathChecks(command))
                {
                    if (CheckPath(check, command, out _) is { } denied)
                    {
                        return denied;
                    }
                }
            }

            return null;
        }

        /// <summary>Step 4 and the allow check of step 5: every reason the command cannot simply run.</summary>
        public List<BashFinding> Floor(ShellAnalysis analysis)
        {
            var findings = new List<BashFinding>();
            if (analysis.ParseError is not null)
            {
                findings.Add(new(BashFindingKind.Ask, $"the command could not be parsed ({analysis.ParseError}), so it cannot be checked", null));
                AllReadOnly = false;
            }

            if (analysis.Substitutions.FirstOrDefault(s => s.Kind != ShellSubstitutionKind.Parameter) is { } substitution)
            {
                var kind = substitution.Kind is ShellSubstitutionKind.ProcessInput or ShellSubstitutionKind.ProcessOutput ? "process substitution" : "command substitution";
                findings.Add(new(BashFindingKind.Ask, $"the {kind} {Shorten(substitution.Text)} cannot be checked before it runs", null));
                AllReadOnly = false;
            }

            foreach (var command in analysis.Commands)
            {
                foreach (var check in PathChecks(command))
                {
                    if (check.Access == PathAccess.Write && check.Path is not null && command.Cwd.IsKnown)
                    {
                        _written.UnionWith(command.Cwd.Candidates!.Select(c => Resolve(check.Path, ResolveDirectory(c))));
                    }
                }
            }

            foreach (var command in analysis.Commands)
            {
                FloorFor(command, findings);
            }

            return findings;
        }

        public PermissionDecision AllowReason()
        {
            var reason = _allowedBy.Count == 0 ? "nothing runs" : string.Join("; ", _allowedBy.Distinct().Take(5));
            return PermissionDecision.Allow(reason, _firstRule?.Text, _firstRule?.Source ?? "readOnly");
        }

        private void FloorFor(ShellCommand command, List<BashFinding> findings)
        {
            if (Match(_ask, command) is var (askRule, askText) && askRule is not null)
            {
                findings.Add(new(BashFindingKind.Ask, $"`{askText}` matches the ask rule {askRule.Text} from {askRule.Origin}", command, askRule.Text, askRule.Source));
            }

            var before = findings.Count;
            FlagFindings(command, findings);
            EnvironmentFindings(command, findings);
            DangerFindings(command, findings);
            if (command.BaseName == "git" && GitSafety.ExecReason(command.Arguments) is { } gitReason)
            {
                findings.Add(new(BashFindingKind.Ask, gitReason, command));
            }

            foreach (var check in PathChecks(command))
            {
                CheckPath(check, command, out var finding);
                if (finding is not null)
                {
                    findings.Add(finding);
                }
            }

            DirectoryChangeFindings(command, findings);
            if (ShellProgramOptions.Find(command) is { } runs)
            {
                findings.Add(new(BashFindingKind.Ask, $"`{Shorten(command.Text)}` uses {Shorten(runs)}, which runs another program", command));
            }

            var byRule = AllowRuleFor(command);
            UnseenScriptFindings(command, byRule, findings);
            var readOnly = IsReadOnly(command);
            if (context.Mode == PermissionMode.AcceptEdits && byRule is null && (readOnly || IsFileEditCommand(command)))
            {
                // acceptEdits: ordinary file commands and redirections inside the working directories need no rule;
                // protected paths and paths outside still ask (their findings are not ProjectWrite).
                findings.RemoveAll(f => f.Kind == BashFindingKind.ProjectWrite && ReferenceEquals(f.Command, command));
                if (!readOnly)
                {
                    AllReadOnly = false;
                    _allowedBy.Add($"`{Shorten(command.Text)}` edits files inside the working directories (acceptEdits)");
                    return;
                }
            }

            AllReadOnly &= readOnly;
            if (byRule is not null)
            {
                // An explicit allow rule is what lets a command write inside the project.
                findings.RemoveAll(f => f.Kind == BashFindingKind.ProjectWrite && ReferenceEquals(f.Command, command));
                _firstRule ??= byRule;
                _allowedBy.Add($"`{Shorten(command.Text)}` matches the allow rule {byRule.Text} from {byRule.Origin}");
            }
            else if (readOnly)
            {
                if (findings.Skip(before).FirstOrDefault(f => f.Kind == BashFindingKind.ProjectWrite && ReferenceEquals(f.Command, command)) is { } write)
                {
                    findings.Remove(write);
                    findings.Add(write with { Reason = write.Reason + " (writes need an explicit allow rule)" });
                }

                if (command.Arguments.Count > 0)
                {
                    _allowedBy.Add($"`{Shorten(command.Text)}` only reads");
                }
            }
            else if (IsTransparent(command))
            {
                // Its inner commands are judged on their own.
            }
            else
            {
                var name = command.BaseName;
                var why = NetworkCommands.Contains(command.BaseName) ? $"`{name}` can reach the network" : $"`{Shorten(command.FullText)}` is not read-only";
                findings.Add(new(BashFindingKind.Ask, why + " and no allow rule matches it", command));
            }
        }

        private void FlagFindings(ShellCommand command, List<BashFinding> findings)
        {
            void Add(string reason) => findings.Add(new(BashFindingKind.Ask, reason, command));
            var text = Shorten(command.FullText);
            if (command.Has(ShellCommandFlags.NonStaticCommandWord))
            {
                Add($"the command word `{command.Name}` is only known when it runs");
            }

            if (command.Has(ShellCommandFlags.UnanalysableScript))
            {
                Add($"`{text}` runs a script that is not a literal, so it cannot be checked");
            }

            if (command.Has(ShellCommandFlags.TooDeep))
            {
                Add($"`{text}` nests deeper than the analyzer follows");
            }

            if (command.Has(ShellCommandFlags.SourcesFile))
            {
                Add($"`{text}` runs the content of a file");
            }

            if (command.Has(ShellCommandFlags.DefinesAlias))
            {
                Add($"`{text}` defines an alias");
            }

            if (command.Has(ShellCommandFlags.ExecRedirections))
            {
                Add($"`{text}` redirects the shell's own descriptors");
            }

            if (command.Has(ShellCommandFlags.VariableDescriptor))
            {
                Add($"`{text}` uses a {{var}} redirection");
            }

            if (command.Has(ShellCommandFlags.Elevated))
            {
                Add($"`{text}` runs with elevated privileges");
            }

            if (command.Has(ShellCommandFlags.UnknownWrapperOption))
            {
                Add($"`{text}` uses a wrapper option the analyzer does not know");
            }

            if (command.Has(ShellCommandFlags.UnknownArguments) && (AllowRuleFor(command, prefixOnly: true) is null || UnknownArgumentsMayOpenFiles(command)))
            {
                Add($"`{text}` adds arguments that are only known when it runs");
            }
        }

        /// <summary>
        /// Arguments that arrive only at run time (<c>xargs</c>, <c>parallel</c>) may name files the path checks never saw. A prefix
        /// rule covers them only for a command that opens none of its words; for a file command (<c>cat</c>, <c>grep</c>, <c>rm</c>, …)
        /// never, since its path checks are the point; for any other program only while no Read/Edit deny rule exists that
        /// such a word could beat (<c>echo .env | xargs less</c>).
        /// </summary>
        private bool UnknownArgumentsMayOpenFiles(ShellCommand command) =>
            !ShellFileOperands.OpensNoOperands(command.BaseName)
            && (ShellFileOperands.IsKnown(command.BaseName) || _pathDenies);

        /// <summary>A shell running a script file nobody analyzed asks, unless a rule names that exact command and the line does not write the script.</summary>
        private void UnseenScriptFindings(ShellCommand command, PermissionRule? byRule, List<BashFinding> findings)
        {
            if (!command.Has(ShellCommandFlags.UnseenScript))
            {
                return;
            }

            var script = command.ScriptFile ?? "";
            var written = script.Length > 0 && command.Cwd.IsKnown && command.Cwd.Candidates!.Any(c => _written.Contains(Resolve(script, ResolveDirectory(c))));
            if (written)
            {
                findings.Add(new(BashFindingKind.Ask, $"`{Shorten(command.FullText)}` runs {script}, which this command line writes first, so its content cannot be checked", command));
                return;
            }

            var exact = byRule?.Specifier is { } spec && !spec.Contains('*', StringComparison.Ordinal);
            if (!exact || script.Length == 0 || script.StartsWith("/dev/", StringComparison.Ordinal) || script.StartsWith("/proc/", StringComparison.Ordinal))
            {
                findings.Add(new(BashFindingKind.Ask, $"`{Shorten(command.FullText)}` runs the script {(script.Length == 0 ? "file" : script)}, which the analyzer cannot see", command));
            }
        }

        /// <summary>The file commands acceptEdits allows inside the working directories without a rule.</summary>
        private static bool IsFileEditCommand(ShellCommand command)
        {
            if (command.Wrappers.Count > 0 || command.Name.Contains('/') || command.Has(ShellCommandFlags.NonStaticCommandWord | ShellCommandFlags.UnknownArguments))
            {
                return false;
            }

            var args = command.Arguments;
            return command.Name switch
            {
                "mkdir" or "touch" or "cp" or "mv" or "rmdir" or "tee" => true,
                "rm" => !args.Skip(1).Any(a => a == "--recursive" || (a.StartsWith('-') && !a.StartsWith("--", StringComparison.Ordinal) && (a.Contains('r') || a.Contains('R')))),
                "sed" => IsSimpleInPlaceSed(args),
                _ => false,
            };
        }

        /// <summary><c>sed -i 's/a/b/g' files</c> or <c>sed -i '3d' files</c>: no <c>e</c>, <c>w</c> or <c>r</c> commands.</summary>
        private static bool IsSimpleInPlaceSed(IReadOnlyList<string> args)
        {
            var script = -1;
            for (var i = 1; i < args.Count; i++)
            {
                var a = args[i];
                if (a is "-i" or "--in-place" or "-E" or "-r" or "--regexp-extended" || (a.StartsWith("-i", StringComparison.Ordinal) && a.Length > 2 && !a.Contains('e', StringComparison.Ordinal)) || (a == "-e" && script < 0))
                {
                    continue;
                }

                if (a.StartsWith('-'))
                {
                    return false;
                }

                if (script < 0)
                {
                    script = i;
                }
            }

            if (script < 0 || !args.Skip(1).Any(a => a.StartsWith("-i", StringComparison.Ordinal) || a == "--in-place"))
            {
                return false;
            }

            return SedSubstitution().IsMatch(args[script]) || SedDelete().IsMatch(args[script]);
        }

        [System.Text.RegularExpressions.GeneratedRegex(@"^s([/|#,:])(?:(?!\1)[^\\]|\\.)*\1(?:(?!\1)[^\\]|\\.)*\1[gIi0-9]*$")]
        private static partial System.Text.RegularExpressions.Regex SedSubstitution();

        [System.Text.RegularExpressions.GeneratedRegex(@"^(?:[0-9]+|\$)(?:,(?:[0-9]+|\$))?d$")]
        private static partial System.Text.RegularExpressions.Regex SedDelete();

        private static bool IsReadOnly(ShellCommand command)
        {
            if (command.Arguments.Count == 0)
            {
                return command.Redirects.All(r => !r.IsOutput) && command.Assignments.Count == 0;
            }

            return command.Wrappers.All(ShellWrappers.Transparent.Contains) && !command.Has(ShellCommandFlags.NonStaticCommandWord) && ReadOnlyCommands.Contains(command);
        }

        /// <summary>Commands whose only effect is running the inner commands the analyzer already judged.</summary>
        private static bool IsTransparent(ShellCommand command)
        {
            if (command.Has(ShellCommandFlags.UnanalysableScript | ShellCommandFlags.TooDeep | ShellCommandFlags.NonStaticCommandWord) || !command.Wrappers.All(ShellWrappers.Transparent.Contains))
            {
                return false;
            }

            if (command.Has(ShellCommandFlags.FunctionCall) && !command.Has(ShellCommandFlags.RecursiveFunction))
            {
                return true;
            }

            if (command.Arguments.Count == 0)
            {
                return true;
            }

            var name = command.Name;
            return name switch
            {
                "eval" => command.Arguments.Count > 1,
                "trap" => true,
                "export" or "declare" or "typeset" or "local" or "readonly" or "unset" => true,
                "set" => command.Arguments.Skip(1).All(a => a is "-e" or "-u" or "-x" or "-eu" or "-ex" or "-eux" or "-euo" or "-o" or "pipefail" or "errexit" or "nounset" or "xtrace"),
                _ when ShellNames.Shells.Contains(name) => command.Arguments.Skip(1).Any(a => a.StartsWith('-') && !a.StartsWith("--", StringComparison.Ordinal) && a.Contains('c'))
                    || command.Redirects.Any(r => r.IsHereDocument),
                _ => false,
            };
        }
    }
}
