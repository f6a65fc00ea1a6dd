using System.Globalization;

namespace Keel.Core.Memory;

/// <summary>
/// The consolidation lock of one memory folder: an exclusive lock on <c>.dream.lock</c> held for the whole
/// run, so two processes never consolidate at once. The operating system drops the lock when its holder
/// dies, and the time of the last consolidation (in <c>.dream-state</c>) moves only when a run finishes, so
/// a run that was killed or stopped leaves the gates as they were and the next session tries again.
/// </summary>
public sealed class DreamLock : IDisposable
{
    public const string LockFileName = ".dream.lock";
    public const string StateFileName = ".dream-state";

    private readonly FileStream _lock;
    private readonly string _directory;

    private DreamLock(FileStream stream, string directory)
    {
        _lock = stream;
        _directory = directory;
    }

    /// <summary>The lock, or null when another process holds it (or the folder cannot take one).</summary>
    public static DreamLock? TryAcquire(string memoryDirectory)
    {
        try
        {
            Directory.CreateDirectory(memoryDirectory);
            var stream = new FileStream(Path.Combine(memoryDirectory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            stream.SetLength(0);
            stream.Write(System.Text.Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
            stream.Flush();
            return new DreamLock(stream, memoryDirectory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>When the folder was last consolidated, or null when never.</summary>
    public static DateTimeOffset? LastConsolidated(string memoryDirectory)
    {
        try
        {
            var path = Path.Combine(memoryDirectory, StateFileName);
            return File.Exists(path) && DateTimeOffset.TryParse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Records a finished consolidation: the gates close for the next 24 hours and sessions.</summary>
    public void Complete(DateTimeOffset at)
    {
        Storage.AtomicFile.Write(Path.Combine(_directory, StateFileName), System.Text.Encoding.UTF8.GetBytes(at.ToString("O", CultureInfo.InvariantCulture) + "\n"));
    }

    public void Dispose() => _lock.Dispose();
}
