using System.Text.Json;
using Keel.Core.Json;

namespace Keel.Core.Settings.Writing;

/// <summary>
/// The one writer for settings-like files (permission rules, trust, MCP configuration, local
/// settings). An edit reads the file, changes only what it names (<see cref="JsonFileEdit"/>) and
/// replaces the file atomically (temp file in the same folder, flushed, renamed). A lock file next
/// to it serialises writers across threads and processes, so concurrent edits never lose each
/// other's keys. Expected failures (broken JSON, I/O) come back as a message; nothing is written then.
/// </summary>
public static class SettingsWriter
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>How long a writer waits for another to finish before giving up.</summary>
    public static TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Applies <paramref name="edit"/> to the JSON object in <paramref name="path"/> (an empty object when
    /// the file does not exist). The edit returns null to keep its changes or a message to abandon them.
    /// Returns null on success (also when nothing changed), else why nothing was written.
    /// </summary>
    public static string? Edit(string path, Func<JsonFileEdit, string?> edit)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        try
        {
            using var held = AcquireLock(path);
            if (held is null)
            {
                return $"could not write {path}: another Keel process kept it locked for {LockTimeout.TotalSeconds:0} s";
            }

            var existed = File.Exists(path);
            var bytes = existed ? File.ReadAllBytes(path) : "{}\n"u8.ToArray();
            try
            {
                using var document = JsonDocument.Parse(bytes.AsMemory(JsonSpans.RootStart(bytes)), DocumentOptions);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return $"{path} does not hold a JSON object; nothing was saved";
                }
            }
            catch (JsonException ex)
            {
                var error = JsonSyntaxError.From(ex, bytes.AsSpan(JsonSpans.RootStart(bytes)));
                return $"{path}:{error.Line}:{error.Column}: not valid JSON: {error.What}; nothing was saved (fix the file first)";
            }

            var editor = new JsonFileEdit(bytes);
            if (edit(editor) is { } abandoned)
            {
                return abandoned;
            }

            if (editor.Changed)
            {
                Directory.CreateDirectory(directory);
                Storage.AtomicFile.Write(path, editor.Utf8.Span);
            }

            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"could not write {path}: {ex.Message}";
        }
    }

    /// <summary>
    /// An exclusive lock on a lock file named after the file's full path, in a per-user folder under the
    /// temp directory (so no lock files litter the user's repository); an advisory lock on Unix, so other
    /// Keel processes wait too. Null after <see cref="LockTimeout"/>.
    /// </summary>
    private static FileStream? AcquireLock(string path)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"keel-locks-{Environment.UserName}");
        Directory.CreateDirectory(folder);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(path))))[..24];
        var lockPath = Path.Combine(folder, hash + ".lock");
        var deadline = Environment.TickCount64 + (long)LockTimeout.TotalMilliseconds;
        var spinner = new SpinWait();
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (Environment.TickCount64 < deadline)
            {
                // Held by another writer: wait briefly (sleeps after a few spins) and try again.
                spinner.SpinOnce(sleep1Threshold: 10);
            }
            catch (IOException)
            {
                return null;
            }
        }
    }
}
