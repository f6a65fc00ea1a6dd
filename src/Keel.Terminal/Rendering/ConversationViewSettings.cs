namespace Keel.Terminal.Rendering;

/// <summary>Choices for <see cref="ConversationView"/> beyond colour.</summary>
/// <param name="Verbose">Keep finished thinking expanded instead of collapsing it to one line.</param>
/// <param name="WorkingDirectory">Paths under it are shown relative; relative tool paths are resolved against it.</param>
/// <param name="ReadFile">Reads a file's current content for Write/Edit diffs (null when absent); defaults to the real file system.</param>
/// <param name="ContextWindow">Window size for the context percentage until a ContextLevelChanged event says otherwise.</param>
public sealed record ConversationViewSettings(
    bool Verbose = false,
    string? WorkingDirectory = null,
    Func<string, string?>? ReadFile = null,
    int ContextWindow = 200_000)
{
    /// <summary>Files larger than this are not read for diffs; the card falls back to the edit's own text.</summary>
    public const long MaxDiffFileBytes = 2 * 1024 * 1024;

    public static string? ReadFromDisk(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists && info.Length <= MaxDiffFileBytes ? File.ReadAllText(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}
