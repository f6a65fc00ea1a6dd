namespace Keel.Core.Permissions.Shell;

/// <summary>
/// The possible current directories while walking a command, plus <c>OLDPWD</c> and the
/// <c>pushd</c> stack. Null sets mean "unknown". Sets stay small; past the cap they become unknown.
/// </summary>
internal sealed record CwdState(IReadOnlyList<string>? Dirs, IReadOnlyList<string>? Old, IReadOnlyList<IReadOnlyList<string>?>? Stack)
{
    private const int MaxCandidates = 8;

    public static readonly CwdState Start = new([""], null, []);

    public ShellCwd ToPublic() => Dirs is null ? ShellCwd.Unknown : new ShellCwd(Dirs);

    public CwdState ChangeTo(string target) => this with { Dirs = Combine(Dirs, target), Old = Dirs };

    public CwdState ChangeToUnknown() => this with { Dirs = null, Old = Dirs };

    public static IReadOnlyList<string>? Combine(IReadOnlyList<string>? dirs, string target)
    {
        if (target.StartsWith('/') || target == "~" || target.StartsWith("~/", StringComparison.Ordinal))
        {
            return [target];
        }

        if (dirs is null)
        {
            return null;
        }

        var result = new List<string>(dirs.Count);
        foreach (var dir in dirs)
        {
            var combined = dir.Length == 0 ? target : dir.TrimEnd('/') + "/" + target;
            if (!result.Contains(combined))
            {
                result.Add(combined);
            }
        }

        return result;
    }

    public static CwdState Union(CwdState a, CwdState b)
    {
        if (ReferenceEquals(a, b))
        {
            return a;
        }

        return new CwdState(UnionSets(a.Dirs, b.Dirs), UnionSets(a.Old, b.Old), ReferenceEquals(a.Stack, b.Stack) ? a.Stack : null);
    }

    private static IReadOnlyList<string>? UnionSets(IReadOnlyList<string>? a, IReadOnlyList<string>? b)
    {
        if (a is null || b is null)
        {
            return null;
        }

        if (ReferenceEquals(a, b))
        {
            return a;
        }

        var result = new List<string>(a);
        foreach (var item in b)
        {
            if (!result.Contains(item))
            {
                result.Add(item);
            }
        }

        return result.Count > MaxCandidates ? null : result;
    }

    public bool SameDirs(CwdState other) =>
        ReferenceEquals(Dirs, other.Dirs) || (Dirs is not null && other.Dirs is not null && Dirs.SequenceEqual(other.Dirs));
}
