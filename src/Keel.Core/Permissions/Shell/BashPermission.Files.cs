namespace Keel.Core.Permissions.Shell;

/// <summary>What a command may touch, as the analyzer sees it: for the differential check against a real run.</summary>
/// <param name="Files">Absolute paths it may read or write (directories included: listing one reads it).</param>
/// <param name="Trees">Directories it may walk: anything below them counts as predicted.</param>
/// <param name="Unknown">True when part of the command's file set is only known at run time (the check then cannot fail).</param>
public sealed record ShellFileSet(IReadOnlyList<string> Files, IReadOnlyList<string> Trees, bool Unknown);

public static partial class BashPermission
{
    /// <summary>
    /// The files and trees the analyzer would check for this command: every operand, redirect, option
    /// value and word it treats as a path, globs expanded, process links resolved, tree readers' directories.
    /// </summary>
    public static ShellFileSet PredictFiles(string command, BashPermissionContext context)
    {
        var analysis = ShellAnalyzer.Analyze(command);
        var evaluation = new Evaluation(context, [], predicting: true);
        var files = new List<string>();
        var trees = new List<string>();
        var unknown = analysis.ParseError is not null;
        foreach (var simple in analysis.Commands)
        {
            unknown |= simple.Has(ShellCommandFlags.UnknownArguments | ShellCommandFlags.UnanalysableScript | ShellCommandFlags.UnseenScript | ShellCommandFlags.NonStaticCommandWord);
            foreach (var (path, tree) in evaluation.Predict(simple))
            {
                if (path is null)
                {
                    unknown = true;
                }
                else if (tree)
                {
                    trees.Add(path);
                }
                else
                {
                    files.Add(path);
                }
            }
        }

        return new ShellFileSet([.. files.Distinct(StringComparer.Ordinal)], [.. trees.Distinct(StringComparer.Ordinal)], unknown);
    }

    private sealed partial class Evaluation
    {
        /// <summary>Every concrete path of every check of one command, in every directory it may run in.</summary>
        public IEnumerable<(string? Path, bool Tree)> Predict(ShellCommand command)
        {
            foreach (var check in PathChecks(command))
            {
                if (check.Path is null || (!command.Cwd.IsKnown && !check.Path.StartsWith('/') && !check.Path.StartsWith('~')))
                {
                    yield return (null, false);
                    continue;
                }

                foreach (var cwd in command.Cwd.IsKnown ? command.Cwd.Candidates!.Select(ResolveDirectory) : [context.Cwd])
                {
                    var full = Join(check.Path, cwd);
                    var glob = check.Glob && ShellGlob.HasGlob(check.Path);
                    var bounded = true;
                    var paths = glob ? [.. ShellGlob.Expand(full, out bounded), full] : new List<string> { full };
                    if (glob)
                    {
                        // The shell lists the directory before the first glob segment, and every directory a match sits in.
                        if (!bounded)
                        {
                            yield return (ShellGlob.LiteralPrefix(full), true);
                        }

                        foreach (var listed in paths.Select(Path.GetDirectoryName).Append(ShellGlob.LiteralPrefix(full)).Distinct(StringComparer.Ordinal))
                        {
                            if (listed is not null)
                            {
                                yield return (Resolve(listed, cwd), false);
                            }
                        }
                    }

                    foreach (var path in paths)
                    {
                        var resolved = ShellPathResolver.Resolve(path, cwd, context.Home);
                        if (resolved.Kind == ShellPathKind.Unknown)
                        {
                            yield return (null, false);
                            continue;
                        }

                        var lexical = Resolve(path, cwd);
                        var real = resolved.Kind == ShellPathKind.File ? resolved.Path : lexical;
                        var tree = check.Tree != TreeAccess.None || check.Access == PathAccess.Write;
                        yield return (lexical, tree);
                        yield return (real, tree);
                    }
                }
            }
        }
    }
}
