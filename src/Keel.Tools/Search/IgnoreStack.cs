using System.Buffers;

namespace Keel.Tools.Search;

/// <summary>
/// The ignore files in force for a directory, deepest first. Immutable, so parallel walkers can
/// share a parent's stack and push their own directory's file onto it.
/// </summary>
public sealed class IgnoreStack
{
    private IgnoreStack(GitignoreFile file, IgnoreStack? parent)
    {
        File = file;
        Parent = parent;
    }

    public GitignoreFile File { get; }

    public IgnoreStack? Parent { get; }

    public static IgnoreStack Push(IgnoreStack? stack, GitignoreFile file) => new(file, stack);

    /// <summary>Decides whether the entry <paramref name="name"/> in <paramref name="directory"/> is ignored.</summary>
    public bool IsIgnored(string directory, ReadOnlySpan<char> name, bool isDirectory)
    {
        for (var node = this; node is not null; node = node.Parent)
        {
            var file = node.File;
            bool? verdict;
            if (file.HasAnchoredRules)
            {
                verdict = MatchAnchored(file, directory, name, isDirectory);
            }
            else
            {
                verdict = file.Match(name, name, isDirectory);
            }

            if (verdict is { } ignored)
            {
                return ignored;
            }
        }

        return false;
    }

    private static bool? MatchAnchored(GitignoreFile file, string directory, ReadOnlySpan<char> name, bool isDirectory)
    {
        // Path of the entry relative to the ignore file's directory, built without allocating a string.
        var baseLength = file.BaseDirectory.Length;
        var prefix = directory.Length > baseLength ? directory.AsSpan(baseLength == 1 ? 1 : baseLength + 1) : [];
        var length = prefix.Length + (prefix.IsEmpty ? 0 : 1) + name.Length;
        char[]? rented = null;
        var buffer = length <= 512 ? stackalloc char[512] : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            prefix.CopyTo(buffer);
            var position = prefix.Length;
            if (!prefix.IsEmpty)
            {
                buffer[position++] = '/';
            }

            name.CopyTo(buffer[position..]);
            return file.Match(buffer[..length], name, isDirectory);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
