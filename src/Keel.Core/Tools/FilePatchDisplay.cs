using Keel.Core.Text;

namespace Keel.Core.Tools;

/// <summary>
/// A change to one file as before/after text (LF line ends). Before a call runs it is what the call asks for
/// (the fragments, or the new content); the tool's result carries the change it actually made
/// (<see cref="Between"/>), so no surface re-reads the file or replays the edit.
/// </summary>
/// <param name="Path">The file.</param>
/// <param name="OldText">The text replaced (empty for a new file).</param>
/// <param name="NewText">The text after the change.</param>
/// <param name="FirstLineNumber">The line of the file where <paramref name="OldText"/> starts.</param>
/// <param name="Created">True when the call created the file.</param>
public sealed record FilePatchDisplay(string Path, string OldText, string NewText, int FirstLineNumber, bool Created) : ToolDisplay
{
    /// <summary>Unchanged lines kept around the changed region.</summary>
    public const int ContextLines = 3;

    /// <summary>
    /// The change from <paramref name="before"/> to <paramref name="after"/> (whole files, LF line ends), cut to the
    /// changed lines and <see cref="ContextLines"/> lines around them, so a card holds a hunk, not two copies of the file.
    /// </summary>
    public static FilePatchDisplay Between(string path, string before, string after, bool created)
    {
        var old = before.Split('\n');
        var neu = after.Split('\n');
        var (prefix, suffix) = CommonLines.Ends(old, neu);

        var start = Math.Max(0, prefix - ContextLines);
        var oldEnd = Math.Min(old.Length, old.Length - suffix + ContextLines);
        var newEnd = Math.Min(neu.Length, neu.Length - suffix + ContextLines);
        return new FilePatchDisplay(path, string.Join('\n', old[start..oldEnd]), string.Join('\n', neu[start..newEnd]), start + 1, created);
    }
}
