using Keel.Core.Permissions;
using Keel.Core.Permissions.Paths;
using Keel.Core.Tools;

namespace Keel.Core.Memory;

/// <summary>
/// A tool as background memory extraction gets it: the session's definition (its bytes are the cached prefix the
/// extraction reads), but the permission decision refuses every call except reads and writes inside the memory
/// folders, whatever the mode.
/// </summary>
public sealed class MemoryOnlyTool(ITool inner, IReadOnlyList<string> memoryDirectories) : DelegatingTool(inner)
{
    public override PermissionDecision? CheckPermission(ToolInput input, ToolSession session)
    {
        var paths = input.Facets.Paths;
        var allowed = Kind switch
        {
            ToolKind.Read => input.Facets.Command is null,
            ToolKind.Write => paths.Count > 0 && paths.All(p => InMemoryFolder(p.Path)),
            _ => false,
        };
        return allowed
            ? base.CheckPermission(input, session)
            : PermissionDecision.Deny($"{Name} is not available to memory upkeep: it may read, and write only files in {string.Join(" or ", memoryDirectories)}", source: "memory");
    }

    private bool InMemoryFolder(string path)
    {
        var resolved = PathResolver.Resolve(Path.GetFullPath(path));
        return memoryDirectories.Any(dir =>
        {
            var folder = PathResolver.Resolve(Path.GetFullPath(dir)).TrimEnd('/');
            return resolved.StartsWith(folder + "/", StringComparison.Ordinal);
        });
    }
}
