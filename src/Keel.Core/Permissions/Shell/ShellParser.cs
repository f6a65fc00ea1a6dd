namespace Keel.Core.Permissions.Shell;

internal enum TokenKind
{
    Word,
    Operator,
    Newline,
    End,
}

internal sealed record Token(TokenKind Kind, string Text, WordBuilder? Word, int Start, int End, int? Fd = null, string? VariableFd = null)
{
    public bool IsOperator(string text) => Kind == TokenKind.Operator && Text == text;

    /// <summary>An unquoted, unexpanded word equal to <paramref name="keyword"/>.</summary>
    public bool IsKeyword(string keyword) => Kind == TokenKind.Word && Word!.IsPlain && Text == keyword;

    public bool IsRedirection => Kind == TokenKind.Operator && Text is "<" or ">" or ">>" or ">|" or "<>" or "<&" or ">&" or "&>" or "&>>" or "<<" or "<<-" or "<<<";
}

/// <summary>
/// A recursive-descent parser for bash's grammar that reads characters directly, because bash's
/// tokens depend on context (here-documents, substitutions, <c>((</c>, reserved words).
/// </summary>
internal sealed partial class ShellParser
{
    public const int MaxDepth = 64;

    private static readonly string[] Operators = [";;&", ";;", ";&", ";", "&&", "&>>", "&>", "&", "||", "|&", "|", "(", ")", "<<<", "<<-", "<<", "<&", "<>", "<", ">>", ">&", ">|", ">"];

    private readonly string _s;
    private readonly List<PendingHereDoc> _pendingHereDocs = [];
    private int _pos;
    private int _depth;
    private Token? _peeked;

    public ShellParser(string source, int depth)
    {
        _s = source;
        _depth = depth;
    }

    private sealed record PendingHereDoc(string Delimiter, bool StripTabs, bool Quoted, List<ShellRedirect> Owner, int Index);

    public bool AtEnd => Peek().Kind == TokenKind.End;

    private Token Peek() => _peeked ??= Lex();

    private Token Next()
    {
        var token = Peek();
        _peeked = null;
        return token;
    }

    private void Enter()
    {
        System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack();
        if (++_depth > MaxDepth)
        {
            throw new ShellParseException($"nesting deeper than {MaxDepth} levels", tooDeep: true);
        }
    }

    private void Leave() => _depth--;

    private ShellParseException Error(string message) => new($"{message} (at offset {_pos})");

    private Token Lex()
    {
        SkipBlanks();
        if (_pos >= _s.Length)
        {
            if (_pendingHereDocs.Count > 0)
            {
                throw Error($"here-document delimited by `{_pendingHereDocs[0].Delimiter}` has no body");
            }

            return new Token(TokenKind.End, "", null, _pos, _pos);
        }

        var start = _pos;
        var c = _s[_pos];
        if (c is '\n' or '\r')
        {
            _pos += c == '\r' && At(1) == '\n' ? 2 : 1;
            ReadPendingHereDocs();
            return new Token(TokenKind.Newline, "\n", null, start, _pos);
        }

        if (char.IsAsciiDigit(c))
        {
            var end = _pos;
            while (end < _s.Length && char.IsAsciiDigit(_s[end]))
            {
                end++;
            }

            if (end < _s.Length && _s[end] is '<' or '>' && !(end + 1 < _s.Length && _s[end + 1] == '(') && int.TryParse(_s.AsSpan(_pos, end - _pos), out var fd))
            {
                _pos = end;
                var op = ReadOperator();
                return new Token(TokenKind.Operator, op, null, start, _pos, Fd: fd);
            }
        }

        if (c == '{')
        {
            var close = _s.IndexOf('}', _pos);
            if (close > _pos + 1 && close + 1 < _s.Length && _s[close + 1] is '<' or '>' && ShellText.IsName(_s.AsSpan(_pos + 1, close - _pos - 1)))
            {
                var name = _s[(_pos + 1)..close];
                _pos = close + 1;
                var op = ReadOperator();
                return new Token(TokenKind.Operator, op, null, start, _pos, VariableFd: name);
            }
        }

        if (IsOperatorStart(c) && !(c is '<' or '>' && At(1) == '('))
        {
            var op = ReadOperator();
            return new Token(TokenKind.Operator, op, null, start, _pos);
        }

        var word = ReadWord();
        return new Token(TokenKind.Word, _s[start.._pos], word, start, _pos);
    }

    private string ReadOperator()
    {
        foreach (var op in Operators)
        {
            if (string.CompareOrdinal(_s, _pos, op, 0, op.Length) == 0)
            {
                _pos += op.Length;
                return op;
            }
        }

        throw Error($"unexpected `{_s[_pos]}`");
    }

    private static bool IsOperatorStart(char c) => c is ';' or '&' or '|' or '(' or ')' or '<' or '>';

    private static bool IsMeta(char c) => c is ' ' or '\t' or '\n' or '\r' or ';' or '&' or '|' or '(' or ')' or '<' or '>';

    private char At(int offset) => _pos + offset < _s.Length ? _s[_pos + offset] : '\0';

    /// <summary>Blanks, line continuations and comments; newlines are tokens.</summary>
    private void SkipBlanks()
    {
        while (_pos < _s.Length)
        {
            var c = _s[_pos];
            if (c is ' ' or '\t' or '\f' or '\v')
            {
                _pos++;
            }
            else if (c == '\\' && At(1) == '\n')
            {
                _pos += 2;
            }
            else if (c == '\\' && At(1) == '\r' && At(2) == '\n')
            {
                _pos += 3;
            }
            else if (c == '#')
            {
                while (_pos < _s.Length && _s[_pos] is not ('\n' or '\r'))
                {
                    _pos++;
                }
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>The next non-blank character without lexing (for <c>((</c>, <c>name ()</c>, <c>coproc NAME {</c>).</summary>
    private char PeekRawAfter(int position)
    {
        var p = position;
        while (p < _s.Length && _s[p] is ' ' or '\t')
        {
            p++;
        }

        return p < _s.Length ? _s[p] : '\0';
    }

    private void ReadPendingHereDocs()
    {
        foreach (var pending in _pendingHereDocs)
        {
            var body = new System.Text.StringBuilder();
            var found = false;
            while (_pos < _s.Length)
            {
                var lineEnd = _s.IndexOf('\n', _pos);
                var next = lineEnd < 0 ? _s.Length : lineEnd + 1;
                var line = _s.AsSpan(_pos, (lineEnd < 0 ? _s.Length : lineEnd) - _pos);
                if (line.EndsWith("\r"))
                {
                    line = line[..^1];
                }

                if (pending.StripTabs)
                {
                    line = line.TrimStart('\t');
                }

                _pos = next;
                if (line.SequenceEqual(pending.Delimiter))
                {
                    found = true;
                    break;
                }

                body.Append(line).Append('\n');
            }

            if (!found)
            {
                throw Error($"here-document is not closed by `{pending.Delimiter}`");
            }

            var text = body.ToString();
            var old = pending.Owner[pending.Index];
            var target = pending.Quoted
                ? new ShellWord(text, [text], ShellWordFlags.Quoted, [])
                : ParseHereDocBody(text);
            pending.Owner[pending.Index] = old with { Target = target };
        }

        _pendingHereDocs.Clear();
    }

    private ShellWord ParseHereDocBody(string text)
    {
        Enter();
        var inner = new ShellParser(text, _depth);
        var builder = new WordBuilder(0);
        inner.ReadHereDocText(builder);
        Leave();
        return builder.Build(text, expandBraces: false);
    }
}
