namespace Keel.Core.Permissions.Shell;

internal sealed partial class ShellParser
{
    private WordBuilder ReadWord()
    {
        var word = new WordBuilder(_pos);
        while (_pos < _s.Length)
        {
            var c = _s[_pos];
            if (IsMeta(c))
            {
                if (c is '<' or '>' && At(1) == '(')
                {
                    ReadProcessSubstitution(word);
                    continue;
                }

                if (c == '(' && word.Length > 0 && _s[_pos - 1] == '=' && IsAssignmentWord(_s[word.Start.._pos]))
                {
                    ReadArrayAssignment(word);
                    continue;
                }

                break;
            }

            switch (c)
            {
                case '\\':
                    ReadEscape(word);
                    break;
                case '\'':
                    var close = _s.IndexOf('\'', _pos + 1);
                    if (close < 0)
                    {
                        throw Error("unterminated single quote");
                    }

                    word.Append(_s[(_pos + 1)..close]);
                    word.Flags |= ShellWordFlags.Quoted;
                    _pos = close + 1;
                    break;
                case '"':
                    ReadDoubleQuoted(word);
                    break;
                case '$':
                    ReadDollar(word, inDoubleQuotes: false);
                    break;
                case '`':
                    ReadBacktick(word, inDoubleQuotes: false);
                    break;
                case '*' or '?' or '[':
                    word.Flags |= ShellWordFlags.Glob;
                    word.Append(c);
                    _pos++;
                    break;
                case '{' or ',' or '}':
                    word.AppendStructural(c);
                    _pos++;
                    break;
                case '~' when _pos == word.Start:
                    word.Flags |= ShellWordFlags.Tilde;
                    word.Append(c);
                    _pos++;
                    break;
                default:
                    word.Append(c);
                    _pos++;
                    break;
            }
        }

        return word;
    }

    private void ReadEscape(WordBuilder word)
    {
        var next = At(1);
        if (next == '\n')
        {
            _pos += 2;
            return;
        }

        if (next == '\r' && At(2) == '\n')
        {
            _pos += 3;
            return;
        }

        if (_pos + 1 >= _s.Length)
        {
            word.Append('\\');
            _pos++;
            return;
        }

        word.Append(next);
        word.Flags |= ShellWordFlags.Quoted;
        _pos += 2;
    }

    private void ReadDoubleQuoted(WordBuilder word)
    {
        _pos++;
        word.Flags |= ShellWordFlags.Quoted;
        while (_pos < _s.Length)
        {
            var c = _s[_pos];
            switch (c)
            {
                case '"':
                    _pos++;
                    return;
                case '\\':
                    var next = At(1);
                    if (next == '\n')
                    {
                        _pos += 2;
                    }
                    else if (next is '$' or '`' or '"' or '\\')
                    {
                        word.Append(next);
                        _pos += 2;
                    }
                    else
                    {
                        word.Append('\\');
                        _pos++;
                    }

                    break;
                case '$':
                    ReadDollar(word, inDoubleQuotes: true);
                    break;
                case '`':
                    ReadBacktick(word, inDoubleQuotes: true);
                    break;
                default:
                    word.Append(c);
                    _pos++;
                    break;
            }
        }

        throw Error("unterminated double quote");
    }

    /// <summary>An unquoted here-document body: like double quotes, but <c>"</c> is literal and the text ends at the end.</summary>
    private void ReadHereDocText(WordBuilder word)
    {
        while (_pos < _s.Length)
        {
            var c = _s[_pos];
            if (c == '\\' && At(1) is '$' or '`' or '\\' or '\n')
            {
                if (At(1) != '\n')
                {
                    word.Append(At(1));
                }

                _pos += 2;
            }
            else if (c == '$')
            {
                ReadDollar(word, inDoubleQuotes: true);
            }
            else if (c == '`')
            {
                ReadBacktick(word, inDoubleQuotes: false);
            }
            else
            {
                word.Append(c);
                _pos++;
            }
        }
    }

    private void ReadDollar(WordBuilder word, bool inDoubleQuotes)
    {
        var next = At(1);
        if (next == '\'' && !inDoubleQuotes)
        {
            _pos += 2;
            word.Append(AnsiC.Decode(_s, ref _pos) ?? throw Error("unterminated $'...' string"));
            word.Flags |= ShellWordFlags.Quoted;
            return;
        }

        if (next == '"' && !inDoubleQuotes)
        {
            _pos++;
            ReadDoubleQuoted(word);
            return;
        }

        if (next == '(')
        {
            var start = _pos;
            if (At(2) == '(')
            {
                _pos += 3;
                if (TryReadArithmetic(out var arithmetic))
                {
                    MergeArithmetic(word, arithmetic);
                    return;
                }

                _pos = start;
            }

            _pos += 2;
            var body = ParseNested();
            word.Add(new SubstitutionNode(new ShellSubstitution(ShellSubstitutionKind.Command, _s[start.._pos]), body, null), ShellWordFlags.CommandSubstitution);
            return;
        }

        if (next == '{')
        {
            ReadBraceParameter(word);
            return;
        }

        if (ShellText.IsName(next.ToString()))
        {
            var start = _pos + 1;
            var end = start;
            while (end < _s.Length && (char.IsAsciiLetterOrDigit(_s[end]) || _s[end] == '_'))
            {
                end++;
            }

            AddParameter(word, _s[start..end], _s[_pos..end]);
            _pos = end;
            return;
        }

        if (char.IsAsciiDigit(next) || next is '@' or '*' or '#' or '?' or '-' or '$' or '!')
        {
            AddParameter(word, next.ToString(), _s.Substring(_pos, 2));
            _pos += 2;
            return;
        }

        word.Append('$');
        _pos++;
    }

    private static void AddParameter(WordBuilder word, string name, string text)
    {
        if (name == "HOME" && word.Length == 0 && (word.Flags & ~ShellWordFlags.Quoted) == ShellWordFlags.None)
        {
            word.Append('~');
            word.Flags |= ShellWordFlags.HomeParameter;
            return;
        }

        word.Append(text);
        word.Add(new SubstitutionNode(new ShellSubstitution(ShellSubstitutionKind.Parameter, text), null, null), ShellWordFlags.Parameter);
    }

    private ListNode ParseNested()
    {
        Enter();
        var saved = _peeked;
        _peeked = null;
        var body = ParseList();
        var close = Next();
        if (!close.IsOperator(")"))
        {
            throw Error(close.Kind == TokenKind.End ? "missing `)`" : $"unexpected `{close.Text}`");
        }

        _peeked = saved;
        Leave();
        return body;
    }

    private void ReadProcessSubstitution(WordBuilder word)
    {
        var start = _pos;
        var kind = _s[_pos] == '<' ? ShellSubstitutionKind.ProcessInput : ShellSubstitutionKind.ProcessOutput;
        _pos += 2;
        var body = ParseNested();
        word.Add(new SubstitutionNode(new ShellSubstitution(kind, _s[start.._pos]), body, null), ShellWordFlags.ProcessSubstitution);
    }

    private void ReadBacktick(WordBuilder word, bool inDoubleQuotes)
    {
        var start = _pos;
        _pos++;
        var inner = new System.Text.StringBuilder();
        while (true)
        {
            if (_pos >= _s.Length)
            {
                throw Error("unterminated backquote");
            }

            var c = _s[_pos];
            if (c == '`')
            {
                _pos++;
                break;
            }

            if (c == '\\' && (At(1) is '$' or '`' or '\\' || (inDoubleQuotes && At(1) == '"')))
            {
                inner.Append(At(1));
                _pos += 2;
                continue;
            }

            inner.Append(c);
            _pos++;
        }

        Enter();
        var body = new ShellParser(inner.ToString(), _depth).ParseProgram();
        Leave();
        word.Add(new SubstitutionNode(new ShellSubstitution(ShellSubstitutionKind.Backtick, _s[start.._pos]), body, null), ShellWordFlags.CommandSubstitution);
    }
}
