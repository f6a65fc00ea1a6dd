using Keel.Core.Permissions.Paths;

namespace Keel.Core.Permissions.Shell;

/// <summary>
/// The protected set (PP) by path, used to tell a protected write from an ordinary one when the path
/// policy answers "ask" for both (in default mode every write asks). The list is <see cref="ProtectedNames"/>.
/// </summary>
internal static class ShellProtectedPaths
{
    public static bool IsProtected(string fullPath, string home) => ProtectedNames.Reason(fullPath, home) is not null;
}
