namespace Keel.Core.Worktrees;

/// <summary>
/// The one rule for worktree names, shared by <c>keel -w</c>, isolated agents and the protected-path check. A name is
/// a single folder name and a git branch suffix: it starts with a letter or digit, then letters, digits, '.', '_' or
/// '-', at most 64 characters, never "..", never ending in '.' or ".lock". So no slash, NUL, newline, leading dot
/// (.git, .keel) or leading dash (a git option) can get through.
/// </summary>
public static class WorktreeNames
{
    public const int MaxLength = 64;

    /// <summary>The folders (relative to a checkout) that hold Keel's worktrees and the reference client's.</summary>
    public static readonly IReadOnlyList<(string Config, string Folder)> Folders = [(".keel", "worktrees"), (".claude", "worktrees")];

    public static bool IsValid(string? name)
    {
        if (name is null || name.Length is 0 or > MaxLength || !char.IsAsciiLetterOrDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-'))
            {
                return false;
            }
        }

        return !name.Contains("..", StringComparison.Ordinal)
            && !name.EndsWith('.')
            && !name.EndsWith(".lock", StringComparison.OrdinalIgnoreCase);
    }
}
