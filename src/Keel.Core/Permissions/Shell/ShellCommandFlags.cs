namespace Keel.Core.Permissions.Shell;

/// <summary>Where a simple command came from and what the analyzer could not see through.</summary>
[Flags]
public enum ShellCommandFlags : long
{
    None = 0,

    /// <summary>Runs inside <c>$(...)</c>, backticks or <c>&lt;(...)</c>/<c>&gt;(...)</c>.</summary>
    FromSubstitution = 1L << 0,

    /// <summary>From a script given to <c>bash -c</c>, <c>sh &lt;&lt;EOF</c>, <c>watch</c>, <c>flock -c</c>...</summary>
    FromNestedShell = 1L << 1,

    /// <summary>From the text of <c>eval</c>.</summary>
    FromEval = 1L << 2,

    /// <summary>From a <c>trap</c> action.</summary>
    FromTrap = 1L << 3,

    /// <summary>From a function body.</summary>
    FromFunction = 1L << 4,

    /// <summary>The inner command of <c>find -exec</c>/<c>-execdir</c>/<c>-ok</c>/<c>-okdir</c>.</summary>
    FromFindExec = 1L << 5,

    /// <summary>Started with <c>&amp;</c> or as a <c>coproc</c>.</summary>
    Background = 1L << 6,

    /// <summary>The command word is not static (<c>$X</c>, <c>$(...)</c>, a glob...).</summary>
    NonStaticCommandWord = 1L << 7,

    /// <summary>Runs with <c>sudo</c>, <c>doas</c> or <c>su</c>.</summary>
    Elevated = 1L << 8,

    /// <summary>More arguments arrive at run time (the inner command of <c>xargs</c>).</summary>
    UnknownArguments = 1L << 9,

    /// <summary>A script whose text is not a literal: <c>bash -c "$X"</c>, <c>eval $X</c>, a shell reading a pipe.</summary>
    UnanalysableScript = 1L << 10,

    /// <summary><c>source</c>/<c>.</c> of a file.</summary>
    SourcesFile = 1L << 11,

    /// <summary><c>exec</c> with only redirections (changes the shell's descriptors).</summary>
    ExecRedirections = 1L << 12,

    /// <summary>Defines an alias.</summary>
    DefinesAlias = 1L << 13,

    /// <summary>Calls a function defined earlier in the command; the body follows as its own commands.</summary>
    FunctionCall = 1L << 14,

    /// <summary>A wrapper option the analyzer does not know, so the inner command is uncertain.</summary>
    UnknownWrapperOption = 1L << 15,

    /// <summary>A <c>{var}&gt;</c> redirection.</summary>
    VariableDescriptor = 1L << 16,

    /// <summary>A download piped or substituted into a shell or interpreter.</summary>
    DownloadToShell = 1L << 17,

    /// <summary>A function that calls itself (fork-bomb shape).</summary>
    RecursiveFunction = 1L << 18,

    /// <summary>Nesting deeper than the analyzer follows.</summary>
    TooDeep = 1L << 19,

    /// <summary>An assignment with no command (<c>PATH=/x</c>); <see cref="ShellCommand.Assignments"/> says which.</summary>
    AssignmentOnly = 1L << 20,

    /// <summary>Brace expansion was too large to enumerate.</summary>
    ExpansionTooLarge = 1L << 21,

    /// <summary>A keyword prefix such as <c>time</c> or <c>!</c> was present.</summary>
    Timed = 1L << 22,

    /// <summary>A shell runs a script file, <c>/dev/stdin</c> or an rc file: code the analyzer never saw.</summary>
    UnseenScript = 1L << 23,
}
