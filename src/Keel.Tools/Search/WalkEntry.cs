namespace Keel.Tools.Search;

/// <summary>
/// A file found by <see cref="FileWalker"/>. Length and LastWriteTimeUtc are filled only when the
/// walker was asked to stat files (zero/default otherwise).
/// </summary>
public readonly record struct WalkEntry(string FullPath, int RootLength, long Length, DateTime LastWriteTimeUtc)
{
    /// <summary>Path from the walk's root with <c>/</c> separators (the name when the root is the file itself).</summary>
    public ReadOnlySpan<char> RelativePath => RootLength >= FullPath.Length
        ? Name.AsSpan()
        : FullPath.AsSpan(RootLength == 1 ? 1 : RootLength + 1);

    public string Name => Path.GetFileName(FullPath);
}
