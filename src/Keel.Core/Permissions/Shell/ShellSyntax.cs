namespace Keel.Core.Permissions.Shell;

// The parser's tree. Internal: callers see ShellCommand/ShellAnalysis only.
internal abstract class ShellNode
{
    public List<ShellRedirect> Redirects { get; } = [];
}

internal sealed class ListNode
{
    public List<(AndOrNode Item, bool Background)> Items { get; } = [];
}

internal sealed class AndOrNode
{
    public List<PipelineNode> Pipelines { get; } = [];

    /// <summary>For pipeline i ≥ 1: true when joined by <c>&amp;&amp;</c>, false for <c>||</c>.</summary>
    public List<bool> IsAnd { get; } = [];
}

internal sealed class PipelineNode
{
    public List<ShellNode> Commands { get; } = [];

    public bool Timed { get; set; }
}

internal sealed class SimpleNode : ShellNode
{
    public List<ShellWord> Assignments { get; } = [];

    public List<ShellWord> Words { get; } = [];
}

internal sealed class BodyNode(ListNode body, bool subshell) : ShellNode
{
    public ListNode Body => body;

    public bool Subshell => subshell;
}

internal sealed class IfNode : ShellNode
{
    public List<(ListNode Condition, ListNode Body)> Branches { get; } = [];

    public ListNode? Else { get; set; }
}

/// <summary>while/until, for, select, for ((..)): a header, words, and a body that may run many times.</summary>
internal sealed class LoopNode(ListNode? condition, List<ShellWord> words, ListNode body) : ShellNode
{
    public ListNode? Condition => condition;

    public List<ShellWord> Words => words;

    public ListNode Body => body;
}

internal sealed class CaseNode(ShellWord subject) : ShellNode
{
    public ShellWord Subject => subject;

    public List<(List<ShellWord> Patterns, ListNode Body)> Items { get; } = [];
}

internal sealed class FunctionNode(string name, ShellNode body) : ShellNode
{
    public string Name => name;

    public ShellNode Body => body;
}

/// <summary><c>[[ ... ]]</c> and <c>(( ... ))</c>: nothing runs but the substitutions in their words.</summary>
internal sealed class TestNode(List<ShellWord> words) : ShellNode
{
    public List<ShellWord> Words => words;
}

internal sealed class CoprocNode(ShellNode command) : ShellNode
{
    public ShellNode Command => command;
}

/// <summary>A parsed substitution body attached to the word that holds it.</summary>
internal sealed class SubstitutionNode(ShellSubstitution substitution, ListNode? body, List<ShellWord>? words)
{
    public ShellSubstitution Substitution => substitution;

    /// <summary>The commands of <c>$(..)</c>, backticks and process substitution.</summary>
    public ListNode? Body => body;

    /// <summary>Words inside <c>${...}</c> and <c>$((...))</c> whose own substitutions run.</summary>
    public List<ShellWord>? Words => words;
}

internal sealed class ShellParseException(string message, bool tooDeep = false) : Exception(message)
{
    public bool TooDeep => tooDeep;
}
