namespace Keel.Core.Permissions.Shell;

// ${...}, $((...)) and array assignments: text whose inner substitutions run.
internal sealed partial class ShellParser
{
    private void ReadBraceParameter(WordBuilder word)
    {
        var start = _pos;
        _pos += 2;
        var inner = new WordBuilder(_pos);
        var depth = 0;
        while (true)
        {
            if (_pos >= _s.Length)
            {
                throw Error("unterminated ${...}");
            }

            var c = _s[_pos];
            if (c == '}' && depth == 0)
            {
                _pos++;
                break;
            }

            switch (c)
            {
                case '{':
                    depth++;
                    _pos++;
                    break;
                case '}':
                    depth--;
                    _pos++;
                    break;
                case '\\':
                    _pos = Math.Min(_s.Length, _pos + 2);
                    break;
                case '\'':
                    var close = _s.IndexOf('\'', _pos + 1);
                    _pos = close < 0 ? throw Error("unterminated single quote") : close + 1;
                    break;
                case '"':
                    ReadDoubleQuoted(inner);
                    break;
                case '$':
                    ReadDollar(inner, inDoubleQuotes: false);
                    break;
                case '`':
                    ReadBacktick(inner, inDoubleQuotes: false);
                    break;
                default:
                    _pos++;
                    break;
            }
        }

        var text = _s[start.._pos];
        if (text == "${HOME}")
        {
            AddParameter(word, "HOME", text);
            return;
        }

        word.Absorb(inner);
        word.Append(text);
        word.Add(new SubstitutionNode(new ShellSubstitution(ShellSubstitutionKind.Parameter, text), null, null), ShellWordFlags.Parameter);
    }

    /// <summary>Reads arithmetic text after <c>((</c> up to the matching <c>))</c>; false (position unspecified) when it is not arithmetic.</summary>
    private bool TryReadArithmetic(out ShellWord result)
    {
        var start = _pos;
        var inner = new WordBuilder(_pos);
        var depth = 0;
        result = null!;
        while (_pos < _s.Length)
        {
            var c = _s[_pos];
            switch (c)
            {
                case '(':
                    depth++;
                    _pos++;
                    break;
                case ')' when depth > 0:
                    depth--;
                    _pos++;
                    break;
                case ')':
                    if (At(1) != ')')
                    {
                        return false;
                    }

                    var text = _s[start.._pos];
                    _pos += 2;
                    inner.Flags |= ShellWordFlags.Arithmetic;
                    result = inner.Build(text, expandBraces: false);
                    return true;
                case '\\':
                    _pos = Math.Min(_s.Length, _pos + 2);
                    break;
                case '\'':
                    var close = _s.IndexOf('\'', _pos + 1);
                    if (close < 0)
                    {
                        return false;
                    }

                    _pos = close + 1;
                    break;
                case '"':
                    ReadDoubleQuoted(inner);
                    break;
                case '$':
                    ReadDollar(inner, inDoubleQuotes: false);
                    break;
                case '`':
                    ReadBacktick(inner, inDoubleQuotes: false);
                    break;
                default:
                    _pos++;
                    break;
            }
        }

        return false;
    }

    private static void MergeArithmetic(WordBuilder word, ShellWord arithmetic)
    {
        word.Append("$((" + arithmetic.Raw + "))");
        word.Flags |= ShellWordFlags.Arithmetic;
        foreach (var node in arithmetic.Nodes)
        {
            word.Add(node, node.Substitution.Kind == ShellSubstitutionKind.Parameter ? ShellWordFlags.Parameter : ShellWordFlags.CommandSubstitution);
        }
    }

    private void ReadArrayAssignment(WordBuilder word)
    {
        var start = _pos;
        _pos++;
        var saved = _peeked;
        _peeked = null;
        while (true)
        {
            var token = Next();
            if (token.IsOperator(")"))
            {
                break;
            }

            if (token.Kind == TokenKind.End)
            {
                throw Error("unterminated array assignment");
            }

            if (token.Kind == TokenKind.Word)
            {
                word.Absorb(token.Word!);
            }
            else if (token.Kind != TokenKind.Newline)
            {
                throw Error($"unexpected `{token.Text}` in array assignment");
            }
        }

        _peeked = saved;
        word.Append(_s[start.._pos]);
        word.Flags |= ShellWordFlags.Parameter;
    }
}
