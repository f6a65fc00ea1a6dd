namespace Keel.Core.Permissions.Shell;

/// <summary>What a word contains beyond literal text.</summary>
[Flags]
public enum ShellWordFlags
{
    None = 0,

    /// <summary>Some part was quoted or escaped.</summary>
    Quoted = 1,

    /// <summary><c>$name</c> or <c>${...}</c>: the value is only known when it runs.</summary>
    Parameter = 2,

    /// <summary><c>$(...)</c> or backticks.</summary>
    CommandSubstitution = 4,

    /// <summary><c>&lt;(...)</c> or <c>&gt;(...)</c>.</summary>
    ProcessSubstitution = 8,

    /// <summary><c>$((...))</c>.</summary>
    Arithmetic = 16,

    /// <summary>Unquoted <c>*</c>, <c>?</c> or <c>[</c>: pathname expansion may change it.</summary>
    Glob = 32,

    /// <summary>Starts with an unquoted <c>~</c> (the value keeps the <c>~</c>).</summary>
    Tilde = 64,

    /// <summary>Starts with <c>$HOME</c>/<c>${HOME}</c>, which the value shows as <c>~</c>; the rest is static.</summary>
    HomeParameter = 128,

    /// <summary>Unquoted braces produced more than one word or a different word.</summary>
    BraceExpanded = 256,
}
