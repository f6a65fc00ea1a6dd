namespace Keel.Core.Tools;

/// <summary>Lexical path helpers. Containment is decided on directory boundaries, never string prefixes.</summary>
public static class PathScope
{
    public static string Home => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    public static string Resolve(string path, string baseDirectory)
    {
        if (path == "~")
        {
            return Normalize(Home);
        }

        if (path.StartsWith("~/", StringComparison.Ordinal))
        {
            return Normalize(Path.Combine(Home, path[2..]));
        }

        return Normalize(Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path));
    }

    /// <summary>Full path with <c>..</c> folded and no trailing separator (except the root).</summary>
    public static string Normalize(string path)
    {
        var full = Path.GetFullPath(path);
        return full.Length > 1 ? full.TrimEnd(Path.DirectorySeparatorChar) : full;
    }

    public static bool IsWithin(string fullPath, string directory)
    {
        if (directory == "/")
        {
            return true;
        }

        return fullPath.Length == directory.Length
            ? string.Equals(fullPath, directory, StringComparison.Ordinal)
            : fullPath.StartsWith(directory, StringComparison.Ordinal) && fullPath[directory.Length] == Path.DirectorySeparatorChar;
    }
}
