namespace Keel.Core.Permissions.Shell;

internal sealed partial class ShellWalker
{
    private CwdState WalkSimple(SimpleNode node, CwdState cwd, Context context)
    {
        var download = false;
        foreach (var word in node.Assignments)
        {
            download |= WalkSubstitutions(word, cwd, context);
        }

        foreach (var word in node.Words)
        {
            download |= WalkSubstitutions(word, cwd, context);
        }

        foreach (var redirect in node.Redirects)
        {
            download |= WalkSubstitutions(redirect.Target, cwd, context);
        }

        var args = new ShellArgs();
        node.Words.ForEach(args.Add);
        var assignments = node.Assignments.ConvertAll(ToAssignment);
        IReadOnlyList<ShellRedirect> redirects = context.Inherited.Count == 0 ? node.Redirects : [.. node.Redirects, .. context.Inherited];
        return AnalyzeArguments(args, assignments, redirects, cwd, context, download, ShellCommandFlags.None);
    }

    private static ShellAssignment ToAssignment(ShellWord word)
    {
        var eq = word.Raw.IndexOf('=');
        var name = word.Raw[..eq].TrimEnd('+');
        var bracket = name.IndexOf('[');
        name = bracket > 0 ? name[..bracket] : name;
        var valueEq = word.Value.IndexOf('=');
        var value = valueEq >= 0 ? word.Value[(valueEq + 1)..] : "";
        return new ShellAssignment(name, new ShellWord(word.Raw[(eq + 1)..], [value], word.Flags, word.Substitutions) { Nodes = word.Nodes });
    }

    private static ShellAssignment ToAssignment(string text, ShellWord source)
    {
        var eq = text.IndexOf('=');
        var value = text[(eq + 1)..];
        return new ShellAssignment(text[..eq], new ShellWord(value, [value], source.Flags, []));
    }

    private CwdState AnalyzeArguments(ShellArgs args, List<ShellAssignment> assignments, IReadOnlyList<ShellRedirect> redirects, CwdState cwd, Context context, bool substitutedDownload, ShellCommandFlags extra)
    {
        var flags = context.Origin | extra;
        if (redirects.Any(r => r.VariableFd is not null))
        {
            flags |= ShellCommandFlags.VariableDescriptor;
        }

        if (args.Count == 0)
        {
            if (assignments.Count > 0)
            {
                flags |= ShellCommandFlags.AssignmentOnly;
            }

            Emit(args, 0, assignments, redirects, [], cwd, flags);
            return cwd;
        }

        var wrappers = new List<string>();
        var start = 0;
        var innerCwd = cwd;
        List<ShellRedirect>? extraRedirects = null;
        while (start < args.Count && args.Static[start])
        {
            var name = ShellText.BaseName(args.Values[start]);
            if (ShellNames.Elevators.Contains(name))
            {
                flags |= ShellCommandFlags.Elevated;
            }

            if (!ShellWrappers.IsWrapper(name) || (wrappers.Count == 0 && _functions.ContainsKey(name)))
            {
                break;
            }

            var unwrapped = ShellWrappers.Unwrap(name, args, start);
            if (unwrapped is null)
            {
                break;
            }

            if ((unwrapped.Flags & ShellCommandFlags.UnknownWrapperOption) != ShellCommandFlags.None || !args.AllStatic(start, Math.Min(unwrapped.Next, args.Count)))
            {
                flags |= ShellCommandFlags.UnknownWrapperOption;
                break;
            }

            flags |= unwrapped.Flags;
            wrappers.Add(name);
            if (name == "env")
            {
                for (var k = start + 1; k < unwrapped.Next && k < args.Count; k++)
                {
                    if (ShellParser.IsAssignmentWord(args.Values[k]))
                    {
                        assignments.Add(ToAssignment(args.Values[k], args.Sources[k]));
                    }
                }
            }

            if (unwrapped.ChangeDirectory is { } directory)
            {
                innerCwd = innerCwd.ChangeTo(directory);
            }

            if (unwrapped.OutputFile is { } output)
            {
                (extraRedirects ??= []).Add(new ShellRedirect(null, null, ">", new ShellWord(output, [output], ShellWordFlags.None, [])));
            }

            if (unwrapped.Script is { } script)
            {
                var index = Emit(args, 0, assignments, Merge(redirects, extraRedirects), [], cwd, flags);
                if (unwrapped.ScriptIsStatic)
                {
                    WalkScript(script, innerCwd, context, ShellCommandFlags.FromNestedShell, index);
                }
                else
                {
                    AddFlag(index, ShellCommandFlags.UnanalysableScript);
                }

                return cwd;
            }

            start = unwrapped.Next;
        }

        var commandWord = args.Values[start];
        var source = args.Sources[start];
        if (!args.Static[start] || (source.Flags & (ShellWordFlags.Glob | ShellWordFlags.HomeParameter)) != ShellWordFlags.None)
        {
            flags |= ShellCommandFlags.NonStaticCommandWord;
        }

        var isStaticName = (flags & ShellCommandFlags.NonStaticCommandWord) == ShellCommandFlags.None;
        var baseName = ShellText.BaseName(commandWord);
        if (start == 0 && args.Count == 1 && commandWord == "exec" && redirects.Count > 0)
        {
            flags |= ShellCommandFlags.ExecRedirections;
        }

        var commandIndex = Emit(args, start, assignments, Merge(redirects, extraRedirects), wrappers, innerCwd, flags);
        if (!isStaticName)
        {
            return cwd;
        }

        var changesShell = wrappers.TrueForAll(w => w is "command" or "builtin");
        if (wrappers.Count == 0 && !commandWord.Contains('/') && _functions.TryGetValue(commandWord, out var function))
        {
            return CallFunction(function, commandIndex, cwd, context);
        }

        if (substitutedDownload && ShellNames.IsShellOrInterpreter(baseName))
        {
            AddFlag(commandIndex, ShellCommandFlags.DownloadToShell);
        }

        switch (baseName)
        {
            case "cd" when changesShell:
                return ChangeDirectory(args, start, innerCwd);
            case "pushd" when changesShell:
                return PushDirectory(args, start, innerCwd);
            case "popd" when changesShell:
                return innerCwd.Stack is null ? innerCwd.ChangeToUnknown()
                    : innerCwd.Stack.Count == 0 ? innerCwd
                    : innerCwd with { Dirs = innerCwd.Stack[^1], Old = innerCwd.Dirs, Stack = innerCwd.Stack.Take(innerCwd.Stack.Count - 1).ToList() };
            case "eval":
                if (args.AllStatic(start + 1, args.Count))
                {
                    WalkScript(string.Join(' ', args.Values.Skip(start + 1)), innerCwd, context, ShellCommandFlags.FromEval, commandIndex);
                }
                else
                {
                    AddFlag(commandIndex, ShellCommandFlags.UnanalysableScript);
                }

                break;
            case "trap":
                WalkTrap(args, start, innerCwd, context, commandIndex);
                break;
            case "source" or ".":
                AddFlag(commandIndex, ShellCommandFlags.SourcesFile);
                break;
            case "alias" when args.Values.Skip(start + 1).Any(a => a.Contains('=')):
                AddFlag(commandIndex, ShellCommandFlags.DefinesAlias);
                break;
            case "find":
                WalkFindExec(args, start, innerCwd, context);
                break;
            case "su":
                AddFlag(commandIndex, ShellCommandFlags.Elevated);
                WalkShell(args, start, redirects, innerCwd, context, commandIndex, substitutedDownload);
                break;
            default:
                if (ShellNames.Shells.Contains(baseName))
                {
                    WalkShell(args, start, redirects, innerCwd, context, commandIndex, substitutedDownload);
                }

                break;
        }

        return cwd;
    }

    private static IReadOnlyList<ShellRedirect> Merge(IReadOnlyList<ShellRedirect> redirects, List<ShellRedirect>? extra) =>
        extra is null ? redirects : [.. redirects, .. extra];

    private int Emit(ShellArgs args, int start, List<ShellAssignment> assignments, IReadOnlyList<ShellRedirect> redirects, List<string> wrappers, CwdState cwd, ShellCommandFlags flags)
    {
        _commands.Add(new ShellCommand(
            args.WordsFrom(start),
            args.WordsFrom(0),
            args.Values.GetRange(start, args.Count - start),
            args.Static.GetRange(start, args.Count - start),
            args.Sources.GetRange(start, args.Count - start),
            assignments,
            redirects,
            wrappers,
            cwd.ToPublic(),
            flags));
        return _commands.Count - 1;
    }

    private CwdState CallFunction(FunctionNode function, int commandIndex, CwdState cwd, Context context)
    {
        AddFlag(commandIndex, ShellCommandFlags.FunctionCall);
        if (_activeFunctions.Contains(function.Name))
        {
            AddFlag(commandIndex, ShellCommandFlags.RecursiveFunction);
            return cwd;
        }

        if (_depth >= ShellParser.MaxDepth)
        {
            AddFlag(commandIndex, ShellCommandFlags.TooDeep);
            return cwd;
        }

        _depth++;
        _activeFunctions.Add(function.Name);
        var result = WalkCommand(function.Body, cwd, context.With(ShellCommandFlags.FromFunction));
        _activeFunctions.Remove(function.Name);
        _depth--;
        return result;
    }
}
