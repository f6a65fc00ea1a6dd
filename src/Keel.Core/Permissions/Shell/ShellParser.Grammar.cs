namespace Keel.Core.Permissions.Shell;

internal sealed partial class ShellParser
{
    private static readonly HashSet<string> Terminators = new(StringComparer.Ordinal) { "then", "else", "elif", "fi", "do", "done", "esac", "}" };

    /// <summary>
    /// Parses top-level items up to and including the next newline (so here-document bodies are read)
    /// and adds them to <paramref name="into"/>. Returns false at the end of input.
    /// </summary>
    public bool ParseLine(ListNode into)
    {
        while (Peek().Kind == TokenKind.Newline)
        {
            Next();
        }

        if (AtEnd)
        {
            return false;
        }

        while (true)
        {
            var token = Peek();
            if (token.Kind == TokenKind.End)
            {
                return true;
            }

            if (token.Kind == TokenKind.Newline)
            {
                Next();
                return true;
            }

            if (IsListTerminator(token))
            {
                throw Error($"unexpected `{token.Text}`");
            }

            var item = ParseAndOr();
            var separator = Peek();
            if (separator.IsOperator(";") || separator.IsOperator("&"))
            {
                Next();
                into.Items.Add((item, separator.Text == "&"));
            }
            else if (separator.Kind is TokenKind.Newline or TokenKind.End)
            {
                into.Items.Add((item, false));
            }
            else
            {
                throw Error($"unexpected `{separator.Text}`");
            }
        }
    }

    /// <summary>Parses a whole program (used for nested scripts and backticks).</summary>
    public ListNode ParseProgram()
    {
        var list = new ListNode();
        while (ParseLine(list))
        {
        }

        return list;
    }

    private static bool IsListTerminator(Token token) =>
        (token.Kind == TokenKind.Operator && token.Text is ")" or ";;" or ";&" or ";;&")
        || (token.Kind == TokenKind.Word && token.Word!.IsPlain && Terminators.Contains(token.Text));

    private ListNode ParseList()
    {
        var list = new ListNode();
        while (true)
        {
            while (Peek().Kind == TokenKind.Newline)
            {
                Next();
            }

            var token = Peek();
            if (token.Kind == TokenKind.End || IsListTerminator(token))
            {
                return list;
            }

            var item = ParseAndOr();
            var separator = Peek();
            if (separator.IsOperator(";") || separator.IsOperator("&"))
            {
                Next();
                list.Items.Add((item, separator.Text == "&"));
            }
            else if (separator.Kind == TokenKind.Newline)
            {
                Next();
                list.Items.Add((item, false));
            }
            else
            {
                list.Items.Add((item, false));
                return list;
            }
        }
    }

    private ListNode ParseListUntil(string keyword)
    {
        var list = ParseList();
        Expect(keyword);
        return list;
    }

    private void Expect(string keyword)
    {
        var token = Next();
        if (!(token.IsKeyword(keyword) || token.IsOperator(keyword)))
        {
            throw Error(token.Kind == TokenKind.End ? $"missing `{keyword}`" : $"expected `{keyword}` but found `{token.Text}`");
        }
    }

    private AndOrNode ParseAndOr()
    {
        var node = new AndOrNode();
        node.Pipelines.Add(ParsePipeline());
        while (Peek() is { Kind: TokenKind.Operator, Text: "&&" or "||" } op)
        {
            Next();
            SkipNewlines();
            node.IsAnd.Add(op.Text == "&&");
            node.Pipelines.Add(ParsePipeline());
        }

        return node;
    }

    private void SkipNewlines()
    {
        while (Peek().Kind == TokenKind.Newline)
        {
            Next();
        }
    }

    private PipelineNode ParsePipeline()
    {
        var pipeline = new PipelineNode();
        while (true)
        {
            var token = Peek();
            if (token.IsKeyword("time"))
            {
                Next();
                pipeline.Timed = true;
                if (Peek() is { Kind: TokenKind.Word } flag && flag.Text is "-p" or "--")
                {
                    Next();
                }
            }
            else if (token.IsKeyword("!"))
            {
                Next();
            }
            else
            {
                break;
            }
        }

        var first = Peek();
        if (pipeline.Timed && (first.Kind is TokenKind.End or TokenKind.Newline || first.IsOperator(";") || first.IsOperator("&")))
        {
            return pipeline;
        }

        pipeline.Commands.Add(ParseCommand());
        while (Peek() is { Kind: TokenKind.Operator, Text: "|" or "|&" })
        {
            Next();
            SkipNewlines();
            while (Peek().IsKeyword("!"))
            {
                Next();
            }

            pipeline.Commands.Add(ParseCommand());
        }

        return pipeline;
    }

    private ShellNode ParseCommand()
    {
        var token = Peek();
        ShellNode? compound = null;
        if (token.Kind == TokenKind.Word && token.Word!.IsPlain)
        {
            compound = token.Text switch
            {
                "if" => ParseIf(),
                "while" or "until" => ParseWhile(),
                "for" or "select" => ParseFor(),
                "case" => ParseCase(),
                "{" => ParseGroup(),
                "function" => ParseFunctionKeyword(),
                "[[" => ParseTest(),
                "coproc" => ParseCoproc(),
                _ => null,
            };
            if (compound is null && IsListTerminator(token))
            {
                throw Error($"unexpected `{token.Text}`");
            }
        }
        else if (token.IsOperator("("))
        {
            compound = ParseParenthesised(token);
        }

        if (compound is null)
        {
            return ParseSimple();
        }

        while (Peek().IsRedirection)
        {
            ParseRedirection(compound.Redirects);
        }

        return compound;
    }

    private ShellNode ParseSimple()
    {
        var node = new SimpleNode();
        while (true)
        {
            var token = Peek();
            if (token.IsRedirection)
            {
                ParseRedirection(node.Redirects);
            }
            else if (token.Kind == TokenKind.Word)
            {
                Next();
                if (node.Words.Count == 0 && IsAssignmentWord(token.Text))
                {
                    node.Assignments.Add(token.Word!.Build(token.Text, expandBraces: false));
                }
                else if (node.Words.Count == 0 && node.Assignments.Count == 0 && node.Redirects.Count == 0 && token.Word!.IsPlain && Peek().IsOperator("("))
                {
                    return ParseFunctionBody(token.Text, afterName: true);
                }
                else
                {
                    node.Words.Add(token.Word!.Build(token.Text, expandBraces: true));
                }
            }
            else
            {
                break;
            }
        }

        if (node.Words.Count == 0 && node.Assignments.Count == 0 && node.Redirects.Count == 0)
        {
            var token = Peek();
            throw Error(token.Kind == TokenKind.End ? "unexpected end of command" : $"unexpected `{token.Text}`");
        }

        return node;
    }

    internal static bool IsAssignmentWord(string raw)
    {
        var eq = raw.IndexOf('=');
        if (eq <= 0)
        {
            return false;
        }

        var name = raw.AsSpan(0, eq);
        if (name[^1] == '+')
        {
            name = name[..^1];
        }

        var bracket = name.IndexOf('[');
        if (bracket > 0 && name[^1] == ']')
        {
            name = name[..bracket];
        }

        return ShellText.IsName(name);
    }

    private void ParseRedirection(List<ShellRedirect> into)
    {
        var op = Next();
        var target = Next();
        if (target.Kind != TokenKind.Word)
        {
            throw Error($"redirection `{op.Text}` has no target");
        }

        if (op.Text is "<<" or "<<-")
        {
            var delimiter = target.Word!.PlainValue();
            var quoted = (target.Word.Flags & ShellWordFlags.Quoted) != ShellWordFlags.None;
            into.Add(new ShellRedirect(op.Fd, op.VariableFd, op.Text, new ShellWord("", [""], ShellWordFlags.None, [])));
            _pendingHereDocs.Add(new PendingHereDoc(delimiter, op.Text == "<<-", quoted, into, into.Count - 1));
            return;
        }

        into.Add(new ShellRedirect(op.Fd, op.VariableFd, op.Text, target.Word!.Build(target.Text, expandBraces: op.Text != "<<<")));
    }
}
