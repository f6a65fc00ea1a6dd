namespace Keel.Tools.Search;

/// <summary>How <see cref="FileWalker"/> walks.</summary>
public sealed record FileWalkerOptions
{
    /// <summary>Honour .gitignore files (root downward and parents up to the repository root) and .git/info/exclude.</summary>
    public bool RespectGitignore { get; init; } = true;

    /// <summary>Deepest level of files returned: 1 = files directly in the root. Null = unlimited.</summary>
    public int? MaxDepth { get; init; }

    /// <summary>Fill each entry's length and modification time (one stat per file).</summary>
    public bool StatFiles { get; init; }

    /// <summary>Parallel workers for <see cref="FileWalker.WalkAsync"/>; defaults to the processor count.</summary>
    public int? Parallelism { get; init; }
}
