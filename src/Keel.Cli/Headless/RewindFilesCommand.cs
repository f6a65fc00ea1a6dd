using Keel.Cli.Arguments;
using Keel.Cli.Composition;
using Keel.Core.Checkpoints;
using Keel.Core.Sessions;

namespace Keel.Cli.Headless;

/// <summary>
/// <c>keel -r &lt;session&gt; --rewind-files &lt;message-id&gt;</c> (or with <c>-c</c>): puts every file Keel's tools
/// wrote since before that prompt back as it was, prints each file, and exits. Needs no model. A file changed
/// outside Keel since Keel last wrote it is left alone (nobody is there to confirm; <c>/rewind</c> asks).
/// </summary>
public static class RewindFilesCommand
{
    public static async Task<int> RunAsync(CliOptions options, KeelEnvironment env, TextWriter stdout, TextWriter stderr)
    {
        var promptId = options.RewindFiles!;
        var configDir = KeelPaths.ConfigDirectory(env.GetEnv);
        var projectDir = KeelPaths.ProjectSessionsDirectory(configDir, env.WorkingDirectory);
        var path = options.Resume is { } resume ? SessionBuilder.FindSession(configDir, projectDir, resume)
            : options.Continue ? TranscriptReader.FindLatest(projectDir)
            : null;
        if (options.Resume is null && !options.Continue)
        {
            await stderr.WriteLineAsync("Error: --rewind-files needs the session: add -r <session-id> or -c.");
            return 2;
        }

        if (path is null)
        {
            await stderr.WriteLineAsync(options.Resume is { } id ? $"Error: No session found with id {id}." : "Error: No conversation found to continue in this directory.");
            return 1;
        }

        LoadedSession loaded;
        try
        {
            loaded = TranscriptReader.Load(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"Error: cannot read {path}: {ex.Message}");
            return 1;
        }

        var cwd = env.WorkingDirectory;
        using var transcript = options.NoSessionPersistence ? null : new TranscriptWriter(path, loaded.SessionId, cwd, KeelVersion.Current, env.Time, loaded.LastUuid);
        var folder = Path.Combine(Path.GetDirectoryName(path)!, loaded.SessionId, "checkpoints");
        var checkpoints = new FileCheckpoints(folder, transcript is null ? null : transcript.RecordCheckpoint);
        checkpoints.Load(loaded.PromptIds, loaded.Checkpoints);
        var files = checkpoints.Rewind(promptId, dryRun: false, overwriteChanged: false);
        if (files is null)
        {
            await stderr.WriteLineAsync($"Error: no checkpoint for message {promptId} in session {loaded.SessionId}.");
            return 1;
        }

        if (files.Count == 0)
        {
            await stdout.WriteLineAsync("No file changed since that prompt; nothing to restore.");
        }

        var kept = 0;
        foreach (var file in files)
        {
            var shown = Keel.Core.Tools.PathScope.IsWithin(file.Path, cwd) ? Path.GetRelativePath(cwd, file.Path) : file.Path;
            switch (file.Status)
            {
                case FileRewindStatus.Restored:
                    await stdout.WriteLineAsync($"Restored {shown} (+{file.Insertions} -{file.Deletions})");
                    break;
                case FileRewindStatus.Deleted:
                    await stdout.WriteLineAsync($"Deleted {shown} (created since that prompt)");
                    break;
                case FileRewindStatus.ChangedOutsideKeel:
                    kept++;
                    await stderr.WriteLineAsync($"Kept {shown}: it changed outside Keel since Keel last wrote it (use /rewind in an interactive session to overwrite it)");
                    break;
                default:
                    kept++;
                    await stderr.WriteLineAsync($"Could not restore {shown}: {file.Error}");
                    break;
            }
        }

        await stdout.WriteLineAsync("Changes made through Bash are not tracked and were not undone.");
        return kept == 0 ? 0 : 1;
    }
}
