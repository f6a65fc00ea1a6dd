using System.Text;

namespace Keel.Core.Permissions.Shell;

/// <summary>Accumulates one word while the parser reads it: the value after quote removal, flags, substitutions.</summary>
internal sealed class WordBuilder(int start)
{
    // Unquoted brace characters are stored as private-use sentinels so brace expansion can tell them from quoted ones.
    internal const char OpenBrace = '\uE000';
    internal const char Comma = '\uE001';
    internal const char CloseBrace = '\uE002';

    private readonly StringBuilder _value = new();
    private List<SubstitutionNode>? _nodes;

    public int Start => start;

    public ShellWordFlags Flags { get; set; }

    public bool HasBraceSentinels { get; private set; }

    public int Length => _value.Length;

    /// <summary>No quoting, escaping or expansion: a candidate reserved word.</summary>
    public bool IsPlain => Flags == ShellWordFlags.None || Flags == ShellWordFlags.Glob;

    public void Append(char c) => _value.Append(c);

    public void Append(string text) => _value.Append(text);

    public void AppendStructural(char c)
    {
        HasBraceSentinels = true;
        _value.Append(c switch { '{' => OpenBrace, ',' => Comma, _ => CloseBrace });
    }

    public void Add(SubstitutionNode node, ShellWordFlags flag)
    {
        (_nodes ??= []).Add(node);
        Flags |= flag;
    }

    /// <summary>Takes the flags and substitutions of a word read inside this one (<c>${x:-$(cmd)}</c>).</summary>
    public void Absorb(WordBuilder inner)
    {
        Flags |= inner.Flags & ~(ShellWordFlags.Tilde | ShellWordFlags.HomeParameter | ShellWordFlags.BraceExpanded);
        if (inner._nodes is not null)
        {
            (_nodes ??= []).AddRange(inner._nodes);
        }
    }

    /// <summary>The value with sentinels turned back into braces (no brace expansion): assignments, here-doc delimiters.</summary>
    public string PlainValue() => Restore(_value.ToString());

    public ShellWord Build(string raw, bool expandBraces)
    {
        var text = _value.ToString();
        IReadOnlyList<string> values;
        var flags = Flags;
        if (HasBraceSentinels && expandBraces)
        {
            var expanded = BraceExpansion.Expand(text, out var tooLarge);
            if (tooLarge)
            {
                values = [Restore(text)];
                flags |= ShellWordFlags.BraceExpanded | ShellWordFlags.Parameter;
            }
            else
            {
                values = expanded;
                if (expanded.Count != 1 || expanded[0] != Restore(text))
                {
                    flags |= ShellWordFlags.BraceExpanded;
                }
            }
        }
        else
        {
            values = [HasBraceSentinels ? Restore(text) : text];
        }

        var substitutions = _nodes is null ? [] : _nodes.ConvertAll(n => n.Substitution);
        return new ShellWord(raw, values, flags, substitutions) { Nodes = _nodes is null ? [] : _nodes };
    }

    internal static string Restore(string text) =>
        text.Replace(OpenBrace, '{').Replace(Comma, ',').Replace(CloseBrace, '}');
}
