namespace Keel.Core.Permissions.Shell;

/// <summary>
/// One simple command that can run. <see cref="Words"/> is the command after wrappers were
/// unwrapped (<c>timeout 5 rm x</c> → <c>rm x</c>); <see cref="FullWords"/> keeps them.
/// <see cref="Arguments"/> are the expanded words (brace expansion applied; a non-static word keeps
/// its source text, and <see cref="ArgumentIsStatic"/> says which; <see cref="ArgumentSources"/> gives
/// the word each argument came from).
/// </summary>
public sealed record ShellCommand(
    IReadOnlyList<ShellWord> Words,
    IReadOnlyList<ShellWord> FullWords,
    IReadOnlyList<string> Arguments,
    IReadOnlyList<bool> ArgumentIsStatic,
    IReadOnlyList<ShellWord> ArgumentSources,
    IReadOnlyList<ShellAssignment> Assignments,
    IReadOnlyList<ShellRedirect> Redirects,
    IReadOnlyList<string> Wrappers,
    ShellCwd Cwd,
    ShellCommandFlags Flags)
{
    /// <summary>The command name as written after unwrapping (empty for a bare assignment or redirection).</summary>
    public string Name => Arguments.Count > 0 ? Arguments[0] : "";

    /// <summary>The last path segment of <see cref="Name"/> (<c>/bin/rm</c> → <c>rm</c>).</summary>
    public string BaseName => ShellText.BaseName(Name);

    /// <summary>The unwrapped command as one line: expanded words joined by single spaces.</summary>
    public string Text => string.Join(' ', Arguments);

    /// <summary>The command as written with wrappers and assignments, for messages.</summary>
    public string FullText => string.Join(' ', Assignments.Select(a => a.Name + "=" + a.Value.Raw).Concat(FullWords.Select(w => w.Raw)).Concat(Redirects.Where(r => !r.Inherited).Select(r => (r.Fd?.ToString() ?? "") + r.Operator + (r.IsHereDocument && r.Operator != "<<<" ? "EOF" : r.Target.Raw))));

    /// <summary>The script file a shell runs (<c>bash build.sh</c>), when <see cref="ShellCommandFlags.UnseenScript"/> is set.</summary>
    public string? ScriptFile { get; init; }

    public bool Has(ShellCommandFlags flag) => (Flags & flag) != ShellCommandFlags.None;
}
