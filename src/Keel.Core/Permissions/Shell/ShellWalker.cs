namespace Keel.Core.Permissions.Shell;

/// <summary>
/// Walks the parsed tree in execution order and emits every simple command that can run, with
/// the directories it may run in. Wrappers, nested scripts and function calls are followed here.
/// </summary>
internal sealed partial class ShellWalker
{
    private readonly List<ShellCommand> _commands = [];
    private readonly List<ShellSubstitution> _substitutions = [];
    private readonly Dictionary<string, FunctionNode> _functions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _activeFunctions = new(StringComparer.Ordinal);
    private int _depth;

    public List<ShellCommand> Commands => _commands;

    public List<ShellSubstitution> Substitutions => _substitutions;

    internal readonly record struct Context(ShellCommandFlags Origin, IReadOnlyList<ShellRedirect> Inherited, bool PipedInput)
    {
        public static readonly Context Top = new(ShellCommandFlags.None, [], false);

        public Context With(ShellCommandFlags origin) => this with { Origin = Origin | origin };
    }

    /// <summary>Parses and walks line by line so that a parse error keeps the commands found before it.</summary>
    public CwdState WalkSource(ShellParser parser, CwdState cwd, Context context)
    {
        while (true)
        {
            var line = new ListNode();
            bool more;
            try
            {
                more = parser.ParseLine(line);
            }
            catch (ShellParseException)
            {
                WalkList(line, cwd, context);
                throw;
            }

            cwd = WalkList(line, cwd, context);
            if (!more)
            {
                return cwd;
            }
        }
    }

    public CwdState WalkList(ListNode list, CwdState cwd, Context context)
    {
        foreach (var (item, background) in list.Items)
        {
            if (background)
            {
                WalkAndOr(item, cwd, context.With(ShellCommandFlags.Background));
            }
            else
            {
                cwd = WalkAndOr(item, cwd, context);
            }
        }

        return cwd;
    }

    private CwdState WalkAndOr(AndOrNode node, CwdState cwd, Context context)
    {
        // A failed `cd` leaves the directory as it was, so later commands may run in either.
        var before = cwd;
        var after = WalkPipeline(node.Pipelines[0], cwd, context);
        var all = CwdState.Union(cwd, after);
        for (var i = 1; i < node.Pipelines.Count; i++)
        {
            var input = node.IsAnd[i - 1] ? after : CwdState.Union(before, after);
            before = input;
            after = WalkPipeline(node.Pipelines[i], input, context);
            all = CwdState.Union(all, after);
        }

        return all;
    }

    private CwdState WalkPipeline(PipelineNode pipeline, CwdState cwd, Context context)
    {
        if (pipeline.Timed)
        {
            context = context.With(ShellCommandFlags.Timed);
        }

        if (pipeline.Commands.Count == 0)
        {
            return cwd;
        }

        if (pipeline.Commands.Count == 1)
        {
            return WalkCommand(pipeline.Commands[0], cwd, context);
        }

        // Every member of a multi-command pipeline runs in a subshell: no `cd` leaks out.
        var downloadSeen = false;
        foreach (var (command, i) in pipeline.Commands.Select((c, i) => (c, i)))
        {
            var start = _commands.Count;
            WalkCommand(command, cwd, context with { PipedInput = i > 0 });
            var hasDownload = false;
            for (var k = start; k < _commands.Count; k++)
            {
                var name = _commands[k].BaseName;
                if (downloadSeen && ShellNames.IsShellOrInterpreter(name))
                {
                    AddFlag(k, ShellCommandFlags.DownloadToShell);
                }

                hasDownload |= ShellNames.Downloaders.Contains(name);
            }

            downloadSeen |= hasDownload;
        }

        return cwd;
    }

    private CwdState WalkCommand(ShellNode node, CwdState cwd, Context context)
    {
        if (node is SimpleNode simple)
        {
            return WalkSimple(simple, cwd, context);
        }

        foreach (var redirect in node.Redirects)
        {
            WalkSubstitutions(redirect.Target, cwd, context);
        }

        var inner = node.Redirects.Count == 0
            ? context
            : context with { Inherited = [.. node.Redirects.Select(r => r with { Inherited = true }), .. context.Inherited] };
        switch (node)
        {
            case BodyNode body:
                var result = WalkList(body.Body, cwd, inner);
                return body.Subshell ? cwd : result;
            case IfNode conditional:
                return WalkIf(conditional, cwd, inner);
            case LoopNode loop:
                return WalkLoop(loop, cwd, inner);
            case CaseNode switchNode:
                WalkSubstitutions(switchNode.Subject, cwd, inner);
                var all = cwd;
                foreach (var (patterns, body) in switchNode.Items)
                {
                    patterns.ForEach(p => WalkSubstitutions(p, cwd, inner));
                    all = CwdState.Union(all, WalkList(body, cwd, inner));
                }

                return all;
            case FunctionNode function:
                _functions[function.Name] = function;
                _activeFunctions.Add(function.Name);
                WalkCommand(function.Body, cwd, inner.With(ShellCommandFlags.FromFunction));
                _activeFunctions.Remove(function.Name);
                return cwd;
            case TestNode test:
                test.Words.ForEach(w => WalkSubstitutions(w, cwd, inner));
                return cwd;
            case CoprocNode coproc:
                WalkCommand(coproc.Command, cwd, inner.With(ShellCommandFlags.Background));
                return cwd;
            default:
                return cwd;
        }
    }

    private CwdState WalkIf(IfNode node, CwdState cwd, Context context)
    {
        var state = cwd;
        var all = cwd;
        foreach (var (condition, body) in node.Branches)
        {
            state = WalkList(condition, state, context);
            all = CwdState.Union(all, WalkList(body, state, context));
        }

        all = CwdState.Union(all, state);
        return node.Else is null ? all : CwdState.Union(all, WalkList(node.Else, state, context));
    }

    private CwdState WalkLoop(LoopNode node, CwdState cwd, Context context)
    {
        node.Words.ForEach(w => WalkSubstitutions(w, cwd, context));
        var afterCondition = node.Condition is null ? cwd : WalkList(node.Condition, cwd, context);
        var afterBody = WalkList(node.Body, afterCondition, context);
        if (afterCondition.SameDirs(cwd) && afterBody.SameDirs(cwd))
        {
            return cwd;
        }

        // The body changes directory, so later iterations run elsewhere: walk again not knowing where.
        var unknown = cwd.ChangeToUnknown();
        if (node.Condition is not null)
        {
            WalkList(node.Condition, unknown, context);
        }

        WalkList(node.Body, unknown, context);
        return unknown;
    }

    /// <summary>Walks the commands inside a word's substitutions; returns true when one of them downloads.</summary>
    private bool WalkSubstitutions(ShellWord word, CwdState cwd, Context context)
    {
        var download = false;
        foreach (var node in word.Nodes)
        {
            _substitutions.Add(node.Substitution);
            if (node.Body is not null)
            {
                var start = _commands.Count;
                WalkList(node.Body, cwd, new Context(context.Origin | ShellCommandFlags.FromSubstitution, [], false));
                for (var k = start; k < _commands.Count; k++)
                {
                    download |= ShellNames.Downloaders.Contains(_commands[k].BaseName) || _commands[k].Has(ShellCommandFlags.DownloadToShell);
                }
            }
        }

        return download;
    }

    private void AddFlag(int index, ShellCommandFlags flag) =>
        _commands[index] = _commands[index] with { Flags = _commands[index].Flags | flag };

    /// <summary>Parses a nested script (<c>bash -c</c>, <c>eval</c>, <c>trap</c>...) and walks it; flags the command when that fails.</summary>
    private void WalkScript(string text, CwdState cwd, Context context, ShellCommandFlags origin, int commandIndex)
    {
        if (_depth >= ShellParser.MaxDepth)
        {
            AddFlag(commandIndex, ShellCommandFlags.TooDeep);
            return;
        }

        _depth++;
        try
        {
            WalkSource(new ShellParser(text, _depth), cwd, new Context(context.Origin | origin, [], false));
        }
        catch (ShellParseException e)
        {
            AddFlag(commandIndex, e.TooDeep ? ShellCommandFlags.TooDeep : ShellCommandFlags.UnanalysableScript);
        }
        finally
        {
            _depth--;
        }
    }
}
