using Keel.Core.Permissions;

namespace Keel.Bench.Analyzer;

/// <summary>Lexical scope only, so the figures measure the analyzer and not the file system.</summary>
internal sealed class LexicalPaths : IPathPolicy
{
    public PermissionDecision Check(string path, PathAccess access, string cwd) =>
        IsInsideWorkingDirectories(path, cwd) ? PermissionDecision.Allow("inside") : PermissionDecision.Ask("outside");

    public bool IsInsideWorkingDirectories(string path, string cwd)
    {
        var full = Path.GetFullPath(Path.Combine(cwd, path));
        return full == "/p" || full.StartsWith("/p/", StringComparison.Ordinal);
    }
}
