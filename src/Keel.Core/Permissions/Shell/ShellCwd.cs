namespace Keel.Core.Permissions.Shell;

/// <summary>
/// The directories a command may run in, as path expressions relative to the shell's starting
/// directory: <c>""</c> is the start, <c>/x</c> absolute, <c>~/x</c> under HOME, <c>a/b</c> relative.
/// Several candidates appear when an earlier <c>cd</c> may have failed (<c>cd x; rm y</c>).
/// <see cref="IsKnown"/> is false after <c>cd $X</c> and the like.
/// </summary>
public sealed record ShellCwd(IReadOnlyList<string>? Candidates)
{
    public static readonly ShellCwd Start = new([""]);
    public static readonly ShellCwd Unknown = new((IReadOnlyList<string>?)null);

    public bool IsKnown => Candidates is not null;
}
