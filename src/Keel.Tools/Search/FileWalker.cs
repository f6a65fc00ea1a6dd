using System.IO.Enumeration;
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

    private readonly string _root;
    private readonly FileWalkerOptions _options;

    public FileWalker(string root, FileWalkerOptions? options = null)
    {
        _root = root.Length > 1 ? root.TrimEnd('/') : root;
        _options = options ?? new FileWalkerOptions();
    }

    /// <summary>Calls <paramref name="onFile"/> for every file, concurrently from several threads.</summary>
    public async Task WalkAsync(Action<WalkEntry> onFile, CancellationToken cancellationToken)
    {
        if (File.Exists(_root))
        {
            onFile(RootFile());
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
            ReadDirectory(work, subdirectories, files.Add);
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

    private void ReadDirectory(Work work, List<Work> subdirectories, Action<WalkEntry> onFile)
    {
        var directory = work.Directory;
        var ignores = work.Ignores;
        if (_options.RespectGitignore && GitignoreFile.TryLoad(directory, Path.Join(directory, ".gitignore")) is { } local)
        {
            ignores = IgnoreStack.Push(ignores, local);
        }

        var depth = work.Depth + 1;
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
                onFile(new WalkEntry(fullPath, _root.Length, item.Length, item.LastWriteTimeUtc));
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
