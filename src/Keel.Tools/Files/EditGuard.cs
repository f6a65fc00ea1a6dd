using Keel.Core.Tools;

namespace Keel.Tools.Files;

/// <summary>The read-before-write rule shared by Write and Edit.</summary>
internal static class EditGuard
{
    /// <summary>A message for the model when the existing file may not be changed yet, else null.</summary>
    public static string? CheckExisting(string path, ToolSession session)
    {
        var state = session.Reads.Get(path);
        if (state is null)
        {
            return $"{path} has not been read in this session. Read it first, then try again, so you change what is really there.";
        }

        return FileReadTracker.ChangedSince(state)
            ? $"{path} has changed on disk since you last read it (by the user, a formatter or another process). Read it again, then redo your change."
            : null;
    }
}
