using System.Buffers;
using System.Text;
using System.Text.Json;
using Keel.Core.Hooks;

namespace Keel.Cli.Worktrees;

/// <summary>
/// WorktreeCreate and WorktreeRemove hooks, which replace git for users of another version control system.
/// WorktreeCreate gets <c>name</c> on stdin and prints the new folder's absolute path on stdout (any non-zero exit
/// fails the creation); WorktreeRemove gets <c>worktree_path</c>. Without git, whether a worktree changed is told
/// from its files (size and write time) against a snapshot taken when it was made.
/// </summary>
public sealed class WorktreeHooks(HookConfiguration configuration, IHookExecutor executor, string sessionId, string? transcriptPath)
{
    public bool HasCreate => configuration.Has(HookEvent.WorktreeCreate);

    public async Task<(Worktree? Tree, string? Error)> CreateAsync(string cwd, string name, CancellationToken cancellationToken)
    {
        var handler = configuration.For(HookEvent.WorktreeCreate)[0].Handler;
        var input = Input(HookEvent.WorktreeCreate, cwd, w => w.WriteString("name", name));
        var run = await executor.ExecuteAsync(new HookRequest(handler, input, cwd, cwd, Timeout(handler)), cancellationToken);
        if (run.ExitCode != 0)
        {
            var why = run.StartError ?? (run.TimedOut ? "it timed out" : $"it exited with {run.ExitCode}: {run.Stderr.Trim()}");
            return (null, $"the WorktreeCreate hook failed ({why})");
        }

        var printed = run.Stdout.Split('\n').Select(static l => l.Trim()).LastOrDefault(static l => l.Length > 0);
        if (printed is null)
        {
            return (null, "the WorktreeCreate hook printed no path (it must print the new worktree's absolute path)");
        }

        var path = Path.GetFullPath(printed, cwd);
        if (!Directory.Exists(path))
        {
            return (null, $"the WorktreeCreate hook printed {path}, which is not a directory");
        }

        return (new Worktree(name, path, string.Empty, cwd, string.Empty) { ByHook = true, Snapshot = Snapshot(path) }, null);
    }

    /// <summary>Runs the WorktreeRemove hooks; returns why removing failed, or null.</summary>
    public async Task<string?> RemoveAsync(Worktree tree, CancellationToken cancellationToken)
    {
        var handlers = configuration.For(HookEvent.WorktreeRemove);
        if (handlers.Count == 0)
        {
            return "no WorktreeRemove hook is configured, so it stays in place";
        }

        foreach (var registration in handlers)
        {
            var input = Input(HookEvent.WorktreeRemove, tree.RepositoryRoot, w => w.WriteString("worktree_path", tree.Path));
            var run = await executor.ExecuteAsync(new HookRequest(registration.Handler, input, tree.RepositoryRoot, tree.RepositoryRoot, Timeout(registration.Handler)), cancellationToken);
            if (run.ExitCode != 0)
            {
                return $"the WorktreeRemove hook failed: {run.StartError ?? run.Stderr.Trim()}";
            }
        }

        return null;
    }

    /// <summary>Files added, removed or changed since <paramref name="snapshot"/> (as "A path", "D path", "M path").</summary>
    public static IReadOnlyList<string> ChangedSince(string root, IReadOnlyDictionary<string, (long Length, DateTime Written)> snapshot)
    {
        var now = Snapshot(root);
        var changes = new List<string>();
        changes.AddRange(now.Where(f => !snapshot.ContainsKey(f.Key)).Select(static f => "A " + f.Key));
        changes.AddRange(snapshot.Where(f => !now.ContainsKey(f.Key)).Select(static f => "D " + f.Key));
        changes.AddRange(now.Where(f => snapshot.TryGetValue(f.Key, out var was) && was != f.Value).Select(static f => "M " + f.Key));
        return changes;
    }

    private static Dictionary<string, (long Length, DateTime Written)> Snapshot(string root)
    {
        var files = new Dictionary<string, (long, DateTime)>(StringComparer.Ordinal);
        foreach (var file in new DirectoryInfo(root).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.None }))
        {
            files[Path.GetRelativePath(root, file.FullName)] = (file.Length, file.LastWriteTimeUtc);
        }

        return files;
    }

    private static TimeSpan Timeout(HookHandler handler) => TimeSpan.FromSeconds(handler.TimeoutSeconds ?? 600);

    private string Input(HookEvent hookEvent, string cwd, Action<Utf8JsonWriter> fields)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("session_id", sessionId);
            w.WriteString("transcript_path", transcriptPath ?? string.Empty);
            w.WriteString("cwd", cwd);
            w.WriteString("hook_event_name", HookEvents.Name(hookEvent));
            fields(w);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
