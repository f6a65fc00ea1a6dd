using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using Keel.Core.Storage;

namespace Keel.Core.Checkpoints;

/// <summary>
/// The session's file checkpoints. Before a file-writing call first touches a file in a prompt's turn, the
/// file's content (or its absence) is stored content-addressed under the session folder; after each write the
/// content Keel left is noted. Rewinding to a prompt puts every file written since then back as it was before
/// that prompt, and refuses (unless told to overwrite) a file whose content is no longer what Keel left.
/// Changes made through a shell are not seen. Every change is also a <see cref="FileCheckpointRecord"/> for the
/// transcript, from which <see cref="Load"/> rebuilds the checkpoints on <c>-c</c>/<c>-r</c>.
/// </summary>
public sealed class FileCheckpoints
{
    private readonly Lock _gate = new();
    private readonly string _directory;
    private readonly IReadOnlyList<string> _readDirectories;
    private readonly Action<FileCheckpointRecord> _record;
    private readonly List<string> _prompts = [];
    private readonly Dictionary<string, Dictionary<string, string?>> _backups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _written = new(StringComparer.Ordinal);
    private string? _current;

    /// <param name="directory">Where content goes (the session folder's <c>checkpoints</c>).</param>
    /// <param name="record">Receives every record (the transcript).</param>
    /// <param name="readDirectories">Older folders content may also be in (the session a fork came from).</param>
    public FileCheckpoints(string directory, Action<FileCheckpointRecord>? record = null, IReadOnlyList<string>? readDirectories = null)
    {
        _directory = directory;
        _record = record ?? (static _ => { });
        _readDirectories = [directory, .. readDirectories ?? []];
    }

    /// <summary>The prompt whose turn runs now; its writes are checkpointed under its id.</summary>
    public void BeginPrompt(string promptId)
    {
        lock (_gate)
        {
            if (!_prompts.Contains(promptId, StringComparer.Ordinal))
            {
                _prompts.Add(promptId);
            }

            _current = promptId;
        }
    }

    /// <summary>Rebuilds the checkpoints from a transcript: its prompt ids in order and its checkpoint records.</summary>
    public void Load(IEnumerable<string> promptIds, IEnumerable<FileCheckpointRecord> records)
    {
        lock (_gate)
        {
            foreach (var id in promptIds)
            {
                if (!_prompts.Contains(id, StringComparer.Ordinal))
                {
                    _prompts.Add(id);
                }
            }

            foreach (var record in records)
            {
                Apply(record);
            }

            _current = _prompts.Count > 0 ? _prompts[^1] : null;
        }
    }

    /// <summary>True when <paramref name="promptId"/> is a prompt of this session.</summary>
    public bool Knows(string promptId)
    {
        lock (_gate)
        {
            return _prompts.Contains(promptId, StringComparer.Ordinal);
        }
    }

    /// <summary>Called before a call writes <paramref name="path"/>: stores its content on disk the first time in this prompt.</summary>
    public void BeforeWrite(string path) => BeforeWrite(path, () => ReadDisk(path));

    /// <summary>As <see cref="BeforeWrite(string)"/> with the content as the tools see it (an editor's buffer); null: no such file.</summary>
    public void BeforeWrite(string path, byte[]? content) => BeforeWrite(path, () => content);

    private void BeforeWrite(string path, Func<byte[]?> content)
    {
        lock (_gate)
        {
            if (_current is not { } prompt)
            {
                return;
            }

            if (_backups.TryGetValue(prompt, out var files) && files.ContainsKey(path))
            {
                return;
            }

            var hash = Store(content());
            var record = new FileCheckpointRecord(prompt, path, Backup: true, hash);
            Apply(record);
            _record(record);
        }
    }

    /// <summary>Called after a call that may have written <paramref name="path"/> (also when it failed or was interrupted).</summary>
    public void AfterWrite(string path) => AfterWrite(path, ReadDisk(path));

    /// <summary>As <see cref="AfterWrite(string)"/> with the content as the tools see it (an editor's buffer); null: no such file.</summary>
    public void AfterWrite(string path, byte[]? content)
    {
        lock (_gate)
        {
            if (_current is null)
            {
                return;
            }

            NoteWritten(_current, path, Store(content));
        }
    }

    /// <summary>The files written since before <paramref name="promptId"/> and what a rewind would do to each; null for an unknown prompt.</summary>
    public IReadOnlyList<FileRewind>? Preview(string promptId) => Rewind(promptId, dryRun: true, overwriteChanged: false);

    /// <summary>
    /// Puts every file written since before <paramref name="promptId"/> back as it was then. A file changed outside
    /// Keel since Keel last wrote it is left alone unless <paramref name="overwriteChanged"/>. Null for an unknown prompt.
    /// </summary>
    public IReadOnlyList<FileRewind>? Rewind(string promptId, bool dryRun, bool overwriteChanged)
    {
        if (!dryRun)
        {
            // The copies a rewind restores from are on the disk before it changes any file.
            BackgroundFlush.WaitAll();
        }

        lock (_gate)
        {
            var start = _prompts.IndexOf(promptId);
            if (start < 0)
            {
                return null;
            }

            // The state before the prompt is the backup of the earliest prompt at or after it that wrote the file.
            var targets = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var prompt in _prompts.Skip(start))
            {
                if (_backups.TryGetValue(prompt, out var files))
                {
                    foreach (var (path, hash) in files)
                    {
                        targets.TryAdd(path, hash);
                    }
                }
            }

            var results = new List<FileRewind>();
            foreach (var (path, target) in targets)
            {
                if (RewindOne(path, target, dryRun, overwriteChanged) is { } result)
                {
                    results.Add(result);
                }
            }

            return results;
        }
    }

    private FileRewind? RewindOne(string path, string? target, bool dryRun, bool overwriteChanged)
    {
        string? current;
        byte[]? currentBytes;
        byte[]? targetBytes;
        try
        {
            currentBytes = File.Exists(path) ? File.ReadAllBytes(path) : null;
            current = currentBytes is null ? null : HashLike(currentBytes, target);
            if (current == target)
            {
                return null;
            }

            targetBytes = target is null ? null : ReadContent(target);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new FileRewind(path, FileRewindStatus.Failed, 0, 0, false) { Error = ex.Message };
        }

        var (insertions, deletions) = LineChanges.Count(Text(currentBytes), Text(targetBytes));
        var changedOutside = _written.TryGetValue(path, out var left) && left != (currentBytes is null ? null : HashLike(currentBytes, left));
        var status = target is null ? FileRewindStatus.Deleted : FileRewindStatus.Restored;
        if (changedOutside && !overwriteChanged)
        {
            return new FileRewind(path, FileRewindStatus.ChangedOutsideKeel, insertions, deletions, true);
        }

        if (target is not null && targetBytes is null)
        {
            return new FileRewind(path, FileRewindStatus.Failed, insertions, deletions, changedOutside) { Error = "the checkpoint's copy of the file is missing" };
        }

        if (dryRun)
        {
            return new FileRewind(path, status, insertions, deletions, changedOutside);
        }

        try
        {
            if (targetBytes is null)
            {
                File.Delete(path);
            }
            else
            {
                AtomicFile.Write(path, targetBytes);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new FileRewind(path, FileRewindStatus.Failed, insertions, deletions, changedOutside) { Error = ex.Message };
        }

        NoteWritten(null, path, target);
        return new FileRewind(path, status, insertions, deletions, changedOutside);
    }

    private void NoteWritten(string? prompt, string path, string? hash)
    {
        if (_written.TryGetValue(path, out var known) && known == hash)
        {
            return;
        }

        var record = new FileCheckpointRecord(prompt, path, Backup: false, hash);
        Apply(record);
        _record(record);
    }

    private void Apply(FileCheckpointRecord record)
    {
        if (!record.Backup)
        {
            _written[record.Path] = record.Hash;
            return;
        }

        if (record.PromptId is not { } prompt)
        {
            return;
        }

        if (!_prompts.Contains(prompt, StringComparer.Ordinal))
        {
            _prompts.Add(prompt);
        }

        if (!_backups.TryGetValue(prompt, out var files))
        {
            _backups[prompt] = files = new Dictionary<string, string?>(StringComparer.Ordinal);
        }

        files.TryAdd(record.Path, record.Hash);
        // Before Keel's first write, what is on disk is what Keel last saw.
        _written.TryAdd(record.Path, record.Hash);
    }

    /// <summary>The file's content on disk; null when it does not exist (or is not a readable file).</summary>
    private static byte[]? ReadDisk(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllBytes(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Stores content under its hash; null for no content (the file does not exist).</summary>
    private string? Store(byte[]? bytes)
    {
        if (bytes is null)
        {
            return null;
        }

        var hash = Hash(bytes);
        var blob = Path.Combine(_directory, hash);
        if (!File.Exists(blob))
        {
            try
            {
                // On a tool call's path: flushed to the disk in the background, which is safe because a copy is only
                // used once its content matches its name (ReadContent), so one a machine crash tore reads as missing.
                AtomicFile.WriteFlushLater(blob, bytes);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Without its copy the file cannot be restored later; the rewind says so for that file.
            }
        }

        return hash;
    }

    /// <summary>
    /// Copies the stored content <paramref name="records"/> name from the older folders (the session a fork came
    /// from) into this session's own folder; returns how many were copied. Content that cannot be copied stays
    /// readable from the older folder while it exists.
    /// </summary>
    public int Adopt(IEnumerable<FileCheckpointRecord> records)
    {
        var copied = 0;
        foreach (var hash in records.Select(static r => r.Hash).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            // A name from a transcript is only ever a hash in hex (XXH128, or SHA-256 from older sessions), never a path.
            if (hash.Length is not (32 or 64) || !hash.All(char.IsAsciiHexDigitLower) || File.Exists(Path.Combine(_directory, hash)))
            {
                continue;
            }

            try
            {
                if (ReadContent(hash) is { } bytes)
                {
                    AtomicFile.Write(Path.Combine(_directory, hash), bytes);
                    copied++;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Left in the older folder.
            }
        }

        return copied;
    }

    private byte[]? ReadContent(string hash)
    {
        foreach (var directory in _readDirectories)
        {
            var blob = Path.Combine(directory, hash);
            if (File.Exists(blob) && File.ReadAllBytes(blob) is var bytes && HashLike(bytes, hash) == hash)
            {
                return bytes;
            }
        }

        return null;
    }

    // XXH128 names content: a session's store only needs to tell its own files' contents apart, and SHA-256 would load
    // OpenSSL (several MiB of memory and milliseconds) into every session that edits a file.
    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(XxHash128.Hash(bytes));

    /// <summary>The hash of <paramref name="bytes"/> by the algorithm <paramref name="recorded"/> was made with (older sessions used SHA-256).</summary>
    private static string HashLike(byte[] bytes, string? recorded) =>
        recorded is { Length: 64 } ? Convert.ToHexStringLower(SHA256.HashData(bytes)) : Hash(bytes);

    private static string Text(byte[]? bytes) => bytes is null ? string.Empty : Encoding.UTF8.GetString(bytes);
}
