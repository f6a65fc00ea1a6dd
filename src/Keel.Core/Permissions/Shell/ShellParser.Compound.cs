namespace Keel.Core.Permissions.Shell;

internal sealed partial class ShellParser
{
    private IfNode ParseIf()
    {
        Enter();
        Next();
        var node = new IfNode();
        var condition = ParseListUntil("then");
        var body = ParseList();
        node.Branches.Add((condition, body));
        while (true)
        {
            var token = Next();
            if (token.IsKeyword("elif"))
            {
                condition = ParseListUntil("then");
                node.Branches.Add((condition, ParseList()));
            }
            else if (token.IsKeyword("else"))
            {
                node.Else = ParseListUntil("fi");
                break;
            }
            else if (token.IsKeyword("fi"))
            {
                break;
            }
            else
            {
                throw Error(token.Kind == TokenKind.End ? "missing `fi`" : $"expected `fi` but found `{token.Text}`");
            }
        }

        Leave();
        return node;
    }

    private LoopNode ParseWhile()
    {
        Enter();
        Next();
        var condition = ParseListUntil("do");
        var body = ParseListUntil("done");
        Leave();
        return new LoopNode(condition, [], body);
    }

    private LoopNode ParseFor()
    {
        Enter();
        Next();
        var words = new List<ShellWord>();
        var open = Peek();
        if (open.IsOperator("(") && open.End < _s.Length && _s[open.End] == '(')
        {
            _peeked = null;
            _pos = open.End + 1;
            if (!TryReadArithmetic(out var arithmetic))
            {
                throw Error("unterminated `for ((`");
            }

            words.Add(arithmetic);
            if (Peek().IsOperator(";"))
            {
                Next();
            }
        }
        else
        {
            var name = Next();
            if (name.Kind != TokenKind.Word || !ShellText.IsName(name.Text))
            {
                throw Error("`for` needs a variable name");
            }

            SkipNewlines();
            if (Peek().IsKeyword("in"))
            {
                Next();
                while (Peek() is { Kind: TokenKind.Word } item)
                {
                    Next();
                    words.Add(item.Word!.Build(item.Text, expandBraces: true));
                }

                var separator = Next();
                if (!(separator.IsOperator(";") || separator.Kind == TokenKind.Newline))
                {
                    throw Error($"unexpected `{separator.Text}` in `for`");
                }
            }
            else if (Peek().IsOperator(";"))
            {
                Next();
            }
        }

        SkipNewlines();
        ListNode body;
        if (Peek().IsKeyword("{"))
        {
            Next();
            body = ParseListUntil("}");
        }
        else
        {
            Expect("do");
            body = ParseListUntil("done");
        }

        Leave();
        return new LoopNode(null, words, body);
    }

    private CaseNode ParseCase()
    {
        Enter();
        Next();
        var subject = Next();
        if (subject.Kind != TokenKind.Word)
        {
            throw Error("`case` needs a word");
        }

        var node = new CaseNode(subject.Word!.Build(subject.Text, expandBraces: false));
        SkipNewlines();
        Expect("in");
        while (true)
        {
            SkipNewlines();
            if (Peek().IsKeyword("esac"))
            {
                Next();
                break;
            }

            if (Peek().IsOperator("("))
            {
                Next();
            }

            var patterns = new List<ShellWord>();
            while (true)
            {
                var pattern = Next();
                if (pattern.Kind != TokenKind.Word)
                {
                    throw Error(pattern.Kind == TokenKind.End ? "missing `esac`" : $"unexpected `{pattern.Text}` in case pattern");
                }

                patterns.Add(pattern.Word!.Build(pattern.Text, expandBraces: false));
                var after = Next();
                if (after.IsOperator(")"))
                {
                    break;
                }

                if (!after.IsOperator("|"))
                {
                    throw Error($"unexpected `{after.Text}` in case pattern");
                }
            }

            var body = ParseList();
            node.Items.Add((patterns, body));
            var end = Peek();
            if (end.Kind == TokenKind.Operator && end.Text is ";;" or ";&" or ";;&")
            {
                Next();
            }
            else if (!end.IsKeyword("esac"))
            {
                throw Error(end.Kind == TokenKind.End ? "missing `esac`" : $"unexpected `{end.Text}` in case");
            }
        }

        Leave();
        return node;
    }

    private BodyNode ParseGroup()
    {
        Enter();
        Next();
        var body = ParseListUntil("}");
        Leave();
        return new BodyNode(body, subshell: false);
    }

    private ShellNode ParseParenthesised(Token open)
    {
        Enter();
        if (open.End < _s.Length && _s[open.End] == '(')
        {
            var saved = _pos;
            _peeked = null;
            _pos = open.End + 1;
            if (TryReadArithmetic(out var arithmetic))
            {
                Leave();
                return new TestNode([arithmetic]);
            }

            _pos = saved;
            _peeked = open;
        }

        Next();
        var body = ParseListUntil(")");
        Leave();
        return new BodyNode(body, subshell: true);
    }

    private FunctionNode ParseFunctionKeyword()
    {
        Next();
        var name = Next();
        if (name.Kind != TokenKind.Word)
        {
            throw Error("`function` needs a name");
        }

        return ParseFunctionBody(name.Word!.PlainValue(), afterName: Peek().IsOperator("("));
    }

    private FunctionNode ParseFunctionBody(string name, bool afterName)
    {
        if (afterName)
        {
            Expect("(");
            Expect(")");
        }

        SkipNewlines();
        Enter();
        var body = ParseCommand();
        Leave();
        if (body is SimpleNode)
        {
            throw Error($"the body of function `{name}` must be a compound command");
        }

        return new FunctionNode(name, body);
    }

    private TestNode ParseTest()
    {
        Next();
        var words = new List<ShellWord>();
        while (true)
        {
            var token = Next();
            if (token.IsKeyword("]]"))
            {
                return new TestNode(words);
            }

            if (token.Kind == TokenKind.End)
            {
                throw Error("missing `]]`");
            }

            if (token.Kind == TokenKind.Word)
            {
                words.Add(token.Word!.Build(token.Text, expandBraces: false));
            }
        }
    }

    private CoprocNode ParseCoproc()
    {
        Enter();
        var keyword = Next();
        var name = Peek();
        if (name.Kind == TokenKind.Word && name.Word!.IsPlain && ShellText.IsName(name.Text) && PeekRawAfter(name.End) is '{' or '(')
        {
            Next();
        }

        _ = keyword;
        var command = ParseCommand();
        Leave();
        return new CoprocNode(command);
    }
}
