namespace Keel.Cli;

/// <summary>Where <c>--debug</c> lines go: stderr, or the file <c>--debug-file</c> names (SDK hosts keep only stderr's last 2 KiB).</summary>
internal static class DebugOutput
{
    private static TextWriter? _file;

    public static TextWriter Writer => _file ?? Console.Error;

    /// <summary>Opens <paramref name="path"/> for appending; returns a message when it cannot be written.</summary>
    public static string? OpenFile(string path)
    {
        try
        {
            var full = Path.GetFullPath(path);
            if (Path.GetDirectoryName(full) is { } folder)
            {
                Directory.CreateDirectory(folder);
            }

            var stream = new FileStream(full, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            _file = TextWriter.Synchronized(new StreamWriter(stream) { AutoFlush = true });
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return $"--debug-file {path}: {ex.Message}";
        }
    }
}
