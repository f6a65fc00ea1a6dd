using Microsoft.Win32.SafeHandles;

namespace Keel.Tools.Search;

/// <summary>
/// A file opened by Grep's search pass, with its type and size: on Linux a raw descriptor read with pread (see
/// <see cref="NonBlockingOpen.TryOpenAndStat"/>), elsewhere a <see cref="SafeFileHandle"/>. The default value is closed.
/// </summary>
internal readonly struct SearchFile : IDisposable
{
    private readonly int _fd;
    private readonly bool _raw;
    private readonly bool _borrowed;
    private readonly SafeFileHandle? _handle;
    private readonly DateTime _modified;

    private SearchFile(int fd, SafeFileHandle? handle, bool regular, long length, DateTime modified, bool borrowed = false)
    {
        _borrowed = borrowed;
        _fd = fd;
        _raw = fd >= 0;
        _handle = handle;
        IsRegular = regular;
        Length = length;
        _modified = modified;
    }

    public bool IsOpen => _raw || _handle is not null;

    /// <summary>A regular file (where the type is unknown, one with a size: special files were screened by their zero size).</summary>
    public bool IsRegular { get; }

    public long Length { get; }

    public DateTime LastWriteTimeUtc => _handle is null ? _modified : File.GetLastWriteTimeUtc(_handle);

    /// <summary>Opens without blocking; a closed value when the file cannot be opened.</summary>
    public static SearchFile Open(string path)
    {
        var fd = NonBlockingOpen.TryOpenAndStat(path, out var regular, out var length, out var modified);
        if (fd != NonBlockingOpen.Unavailable)
        {
            return new SearchFile(fd, null, regular, length, modified);
        }

        // Without O_NONBLOCK a FIFO would block the open: special files are screened by their zero size first.
        if (new FileInfo(path).Length == 0)
        {
            return new SearchFile(-1, null, false, 0, default);
        }

        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new SearchFile(-1, handle, true, RandomAccess.GetLength(handle), default);
    }

    /// <summary>A descriptor someone else opened and closes, read through this type.</summary>
    public static SearchFile Borrow(int fd) => new(fd, null, true, 0, default, borrowed: true);

    /// <summary>Reads at <paramref name="offset"/>: the bytes read, 0 at the end, -1 on an error.</summary>
    public int Read(Span<byte> buffer, long offset) =>
        _handle is null ? NonBlockingOpen.ReadAt(_fd, buffer, offset) : RandomAccess.Read(_handle, buffer, offset);

    public void Dispose()
    {
        if (_handle is not null)
        {
            _handle.Dispose();
        }
        else if (_raw && !_borrowed)
        {
            NonBlockingOpen.Close(_fd);
        }
    }
}
