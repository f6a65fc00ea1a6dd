using System.IO.Enumeration;
using System.Text;
using System.Threading.Channels;

namespace Keel.Tools.Search;

/// <summary>
/// Walks a directory tree for Glob and Grep: skips <c>.git</c>, honours ignore files, includes
/// dotfiles, does not follow symlinked directories (no cycles). Directories are read in parallel.
/// </summary>
public sealed class FileWalker
{
    private static readonly EnumerationOptions Enumeration = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.None,
        ReturnSpecialDirectories = false,
    };

    [ThreadStatic]
    private static byte[]? t_entries;

    private readonly string _root;
    private readonly FileWalkerOptions _options;

    public FileWalker(string root, FileWalkerOptions? options = null)
    {
        _root = root.Length > 1 ? root.TrimEnd('/') : root;
        _options = options ?? new FileWalkerOptions();
    }

    /// <summary>Calls <paramref name="onFile"/> for every file, concurrently from several threads.</summary>
    public Task WalkAsync(Action<WalkEntry> onFile, CancellationToken cancellationToken) =>
        WalkAsync((entry, _, _, _) => onFile(entry), cancellationToken);

    /// <summary>
    /// Calls <paramref name="onFile"/> for every file, concurrently from several threads, with (on Linux) the descriptor
    /// of the file's directory and its name to open it by.
    /// </summary>
    internal async Task WalkAsync(FileVisitor onFile, CancellationToken cancellationToken)
    {
        if (File.Exists(_root))
        {
            onFile(RootFile(), -1, default, false);
            return;
        }

        var channel = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
        var pending = 1;
        channel.Writer.TryWrite(new Work(_root, 0, ParentIgnores()));
        var workers = new Task[Math.Max(1, _options.Parallelism ?? Environment.ProcessorCount)];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Run(
                async () =>
                {
                    var reader = channel.Reader;
                    var subdirectories = new List<Work>();
                    try
                    {
                        while (await reader.WaitToReadAsync(cancellationToken))
                        {
                            while (reader.TryRead(out var work))
                            {
                                subdirectories.Clear();
                                ReadDirectory(work, subdirectories, onFile);
                                foreach (var sub in subdirectories)
                                {
                                    Interlocked.Increment(ref pending);
                                    channel.Writer.TryWrite(sub);
                                }

                                if (Interlocked.Decrement(ref pending) == 0)
                                {
                                    channel.Writer.TryComplete();
                                }
                            }
                        }
                    }
                    catch (Exception ex)
                    {
                        // Release the other workers, then let the failure surface from WhenAll.
                        channel.Writer.TryComplete(ex);
                        throw;
                    }
                },
                cancellationToken);
        }

        await Task.WhenAll(workers);
    }

    /// <summary>Every file, walked on the calling thread (depth first).</summary>
    public IEnumerable<WalkEntry> Enumerate(CancellationToken cancellationToken = default)
    {
        if (File.Exists(_root))
        {
            yield return RootFile();
            yield break;
        }

        var stack = new Stack<Work>();
        stack.Push(new Work(_root, 0, ParentIgnores()));
        var files = new List<WalkEntry>();
        var subdirectories = new List<Work>();
        while (stack.TryPop(out var work))
        {
            cancellationToken.ThrowIfCancellationRequested();
            files.Clear();
            subdirectories.Clear();
            ReadDirectory(work, subdirectories, (entry, _, _, _) => files.Add(entry));
            foreach (var file in files)
            {
                yield return file;
            }

            for (var i = subdirectories.Count - 1; i >= 0; i--)
            {
                stack.Push(subdirectories[i]);
            }
        }
    }

    private WalkEntry RootFile()
    {
        var info = new FileInfo(_root);
        return new WalkEntry(_root, _root.Length, info.Length, info.LastWriteTimeUtc);
    }

    private void ReadDirectory(Work work, List<Work> subdirectories, FileVisitor onFile)
    {
        var directory = work.Directory;
        var ignores = work.Ignores;
        if (_options.RespectGitignore && GitignoreFile.TryLoad(directory, Path.Join(directory, ".gitignore")) is { } local)
        {
            ignores = IgnoreStack.Push(ignores, local);
        }

        if (!NativeDirectory.IsAvailable || !ReadNative(directory, ignores, work.Depth + 1, subdirectories, onFile))
        {
            ReadManaged(directory, ignores, work.Depth + 1, subdirectories, onFile);
        }
    }

    /// <summary>Reads a directory with getdents64 (see <see cref="NativeDirectory"/>); false when that route is unavailable.</summary>
    private bool ReadNative(string directory, IgnoreStack? ignores, int depth, List<Work> subdirectories, FileVisitor onFile)
    {
        var fd = NativeDirectory.OpenDirectory(directory);
        if (fd == -2)
        {
            return false;
        }

        if (fd < 0)
        {
            // Unreadable (permissions, or gone since it was listed): skipped, as the managed route does.
            return true;
        }

        try
        {
            var buffer = t_entries ??= new byte[32 * 1024];
            Span<char> chars = stackalloc char[256];
            var prefix = directory == "/" ? directory : directory + "/";
            int read;
            while ((read = NativeDirectory.Read(fd, buffer)) > 0)
            {
                var batch = buffer.AsSpan(0, read);
                for (var offset = 0; offset < read;)
                {
                    offset = NativeDirectory.Entry(batch, offset, out var type, out var nameBytes);
                    if (nameBytes.SequenceEqual("."u8) || nameBytes.SequenceEqual(".."u8) || nameBytes.SequenceEqual(".git"u8))
                    {
                        continue;
                    }

                    if (!Classify(fd, type, nameBytes, out var isDirectory, out var regular))
                    {
                        continue;
                    }

                    var name = chars[..Encoding.UTF8.GetChars(nameBytes, chars)];
                    if ((isDirectory && _options.MaxDepth <= depth) || (ignores is not null && ignores.IsIgnored(directory, name, isDirectory)))
                    {
                        continue;
                    }

                    var fullPath = string.Concat(prefix, name);
                    if (isDirectory)
                    {
                        subdirectories.Add(new Work(fullPath, depth, ignores));
                        continue;
                    }

                    long length = 0;
                    DateTime modified = default;
                    if (_options.StatFiles && !NativeDirectory.Stat(fd, nameBytes, noFollow: false, out _, out length, out modified))
                    {
                        (length, modified) = (0, default);
                    }

                    onFile(new WalkEntry(fullPath, _root.Length, length, modified), fd, nameBytes, regular);
                }
            }
        }
        finally
        {
            NativeDirectory.Close(fd);
        }

        return true;
    }

    /// <summary>
    /// What an entry is, from its directory's type byte (a stat only for symlinks and filesystems that do not say).
    /// False for a symlink to a directory: those are not followed, so the walk has no cycles.
    /// </summary>
    private static bool Classify(int directory, byte type, ReadOnlySpan<byte> name, out bool isDirectory, out bool regular)
    {
        isDirectory = type == NativeDirectory.TypeDirectory;
        regular = type == NativeDirectory.TypeRegular;
        if (type is not (NativeDirectory.TypeSymlink or NativeDirectory.TypeUnknown))
        {
            return true;
        }

        if (type == NativeDirectory.TypeUnknown && NativeDirectory.Stat(directory, name, noFollow: true, out var own, out _, out _) && !NativeDirectory.IsSymlinkMode(own))
        {
            isDirectory = NativeDirectory.IsDirectoryMode(own);
            regular = own == 0x8000;
            return true;
        }

        // A symlink: to a directory it is skipped; to anything else (or dangling) it is a file, checked when opened.
        return !(NativeDirectory.Stat(directory, name, noFollow: false, out var target, out _, out _) && NativeDirectory.IsDirectoryMode(target));
    }

    private void ReadManaged(string directory, IgnoreStack? ignores, int depth, List<Work> subdirectories, FileVisitor onFile)
    {
        var stat = _options.StatFiles;
        var maxDepth = _options.MaxDepth;
        var prefix = directory == "/" ? directory : directory + "/";
        var entries = new FileSystemEnumerable<Item>(
            directory,
            // The full path straight from the name's characters: no separate name string per file.
            (ref entry) => new Item(
                string.Concat(prefix, entry.FileName),
                entry.IsDirectory,
                stat && !entry.IsDirectory ? entry.Length : 0,
                stat && !entry.IsDirectory ? entry.LastWriteTimeUtc.UtcDateTime : default),
            Enumeration)
        {
            ShouldIncludePredicate = (ref entry) =>
            {
                if (entry.FileName is ".git")
                {
                    return false;
                }

                var isDirectory = entry.IsDirectory;
                if (isDirectory && (maxDepth <= depth || (entry.Attributes & FileAttributes.ReparsePoint) != FileAttributes.None))
                {
                    return false;
                }

                return ignores is null || !ignores.IsIgnored(directory, entry.FileName, isDirectory);
            },
        };

        foreach (var item in entries)
        {
            var fullPath = item.FullPath;
            if (item.IsDirectory)
            {
                subdirectories.Add(new Work(fullPath, depth, ignores));
            }
            else
            {
                onFile(new WalkEntry(fullPath, _root.Length, item.Length, item.LastWriteTimeUtc), -1, default, false);
            }
        }
    }

    /// <summary>Ignore files above the root, up to the repository root, plus .git/info/exclude.</summary>
    private IgnoreStack? ParentIgnores()
    {
        if (!_options.RespectGitignore)
        {
            return null;
        }

        var chain = new List<string>();
        string? repository = null;
        for (var dir = Path.GetDirectoryName(_root); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            chain.Add(dir);
            if (Path.Exists(Path.Join(dir, ".git")))
            {
                repository = dir;
                break;
            }
        }

        if (Path.Exists(Path.Join(_root, ".git")))
        {
            repository = _root;
            chain.Clear();
        }

        if (repository is null)
        {
            return null;
        }

        IgnoreStack? stack = null;
        if (GitignoreFile.TryLoad(repository, Path.Join(repository, ".git", "info", "exclude")) is { } exclude)
        {
            stack = IgnoreStack.Push(stack, exclude);
        }

        for (var i = chain.Count - 1; i >= 0; i--)
        {
            if (GitignoreFile.TryLoad(chain[i], Path.Join(chain[i], ".gitignore")) is { } file)
            {
                stack = IgnoreStack.Push(stack, file);
            }
        }

        return stack;
    }

    private sealed record Work(string Directory, int Depth, IgnoreStack? Ignores);

    private readonly record struct Item(string FullPath, bool IsDirectory, long Length, DateTime LastWriteTimeUtc);
}
