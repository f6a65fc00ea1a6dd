using System.Diagnostics;
using System.Text;
using Keel.Core.Tasks;
using Keel.Tools.Shell.Execution;
using Keel.Tools.Shell.Launching;

namespace Keel.Tools.Shell.Background;

/// <summary>
/// A command started with <c>run_in_background</c>. Its stdout and stderr go, in arrival order, to a log
/// file under the session directory (so memory stays flat however much it prints); BashOutput reads
/// what is new since the last read. Stopping it ends its whole process group.
/// </summary>
internal sealed class BackgroundShell : IBackgroundTask
{
    private const int ChunkBytes = 16 * 1024;

    private readonly Lock _gate = new();
    private readonly Process _process;
    private readonly int _processGroup;
    private readonly FileStream _log;
    private readonly TimeSpan _killGrace;
    private readonly TimeProvider _time;
    private readonly Action? _afterExit;
    private long _readOffset;
    private long _written;
    private BackgroundTaskStatus _status = BackgroundTaskStatus.Running;
    private int? _exitCode;

    private BackgroundShell(string id, string command, Process process, ShellLaunch launch, FileStream log, string logPath, TimeSpan killGrace, TimeProvider time)
    {
        Id = id;
        Description = command;
        _process = process;
        _processGroup = launch.OwnsProcessGroup ? process.Id : 0;
        _afterExit = launch.AfterExit;
        _log = log;
        LogPath = logPath;
        _killGrace = killGrace;
        _time = time;
        StartedAt = time.GetUtcNow();
    }

    public string Id { get; }

    public string Kind => "shell";

    public string Description { get; }

    public string LogPath { get; }

    public DateTimeOffset StartedAt { get; }

    public BackgroundTaskStatus Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    public int? ExitCode
    {
        get
        {
            lock (_gate)
            {
                return _exitCode;
            }
        }
    }

    /// <summary>Completes when the command has exited and its output is in the log.</summary>
    public Task Finished { get; private set; } = Task.CompletedTask;

    /// <exception cref="System.ComponentModel.Win32Exception">The shell could not be started.</exception>
    public static async Task<BackgroundShell> StartAsync(string id, string command, ShellLaunch launch, string logPath, TimeSpan killGrace, TimeProvider time)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        var process = new Process { StartInfo = ShellRunner.CreateStartInfo(launch) };
        try
        {
            await ProcessStarter.StartAsync(process, guardProcessGroup: launch.OwnsProcessGroup);
        }
        catch
        {
            process.Dispose();
            await log.DisposeAsync();
            throw;
        }

        process.StandardInput.Close();
        var shell = new BackgroundShell(id, command, process, launch, log, logPath, killGrace, time);
        var pumps = Task.WhenAll(shell.Pump(process.StandardOutput.BaseStream, id + "-out"), shell.Pump(process.StandardError.BaseStream, id + "-err"));
        shell.Finished = shell.WatchAsync(pumps);
        _ = pumps.ContinueWith(_ => shell.CloseLog(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        return shell;
    }

    /// <summary>
    /// Takes over a foreground command that is still running (Ctrl+B): its output so far and from now on goes to the
    /// log, and it is stopped and watched like one started in the background.
    /// </summary>
    /// <exception cref="IOException">The log could not be created.</exception>
    public static BackgroundShell Adopt(string id, string command, Process process, ShellLaunch launch, string logPath, TimeSpan killGrace, TimeProvider time, Task pumps, params OutputCapture[] captures)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        var shell = new BackgroundShell(id, command, process, launch, log, logPath, killGrace, time);
        foreach (var capture in captures)
        {
            capture.Divert(shell.AppendText);
        }

        shell.Finished = shell.WatchAsync(pumps);
        _ = pumps.ContinueWith(_ => shell.CloseLog(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        return shell;
    }

    /// <summary>Output written since the last read, at most <paramref name="maxBytes"/> of it; the rest waits for the next read.</summary>
    public (string Text, bool More) ReadNew(int maxBytes)
    {
        long from;
        long available;
        lock (_gate)
        {
            from = _readOffset;
            available = _written - from;
        }

        if (available <= 0)
        {
            return (string.Empty, false);
        }

        var take = (int)Math.Min(available, maxBytes);
        var buffer = new byte[take];
        using (var read = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            read.Seek(from, SeekOrigin.Begin);
            read.ReadExactly(buffer);
        }

        // Never cut a UTF-8 sequence in half: end the chunk before a continuation byte's lead.
        if (take < available)
        {
            var cut = take;
            while (cut > 0 && (buffer[cut - 1] & 0xC0) == 0x80)
            {
                cut--;
            }

            if (cut > 0 && buffer[cut - 1] >= 0xC0)
            {
                cut--;
            }

            take = cut > 0 ? cut : take;
        }

        lock (_gate)
        {
            _readOffset = from + take;
        }

        return (Encoding.UTF8.GetString(buffer, 0, take), take < available);
    }

    public string? OutputTail(int maxChars)
    {
        try
        {
            using var read = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var take = (int)Math.Min(read.Length, maxChars);
            read.Seek(-take, SeekOrigin.End);
            var buffer = new byte[take];
            read.ReadExactly(buffer);

            // Start after a UTF-8 continuation byte run, so the text does not begin with half a character.
            var start = 0;
            while (start < buffer.Length && (buffer[start] & 0xC0) == 0x80)
            {
                start++;
            }

            return Encoding.UTF8.GetString(buffer, start, buffer.Length - start);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public async ValueTask StopAsync()
    {
        lock (_gate)
        {
            if (_status != BackgroundTaskStatus.Running)
            {
                return;
            }

            _status = BackgroundTaskStatus.Killed;
        }

        await ProcessTreeKiller.KillAsync(_process, _processGroup, _killGrace, _time);
        try
        {
            await Finished.WaitAsync(TimeSpan.FromSeconds(2), _time);
        }
        catch (TimeoutException)
        {
            // A process that escaped the group still holds the pipe; the log simply stops growing.
        }
    }

    private void AppendText(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        lock (_gate)
        {
            try
            {
                _log.Write(bytes);
                _written += bytes.Length;
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // The log is closed (the session ended): drop the rest.
            }
        }
    }

    private void CloseLog()
    {
        lock (_gate)
        {
            _log.Dispose();
        }
    }

    private Task Pump(Stream source, string name)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            // A thread per pipe, like the foreground runner: blocking pipe reads must not hold pool threads.
            var buffer = new byte[ChunkBytes];
            try
            {
                int read;
                while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
                {
                    lock (_gate)
                    {
                        _log.Write(buffer, 0, read);
                        _written += read;
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // The pipe or the log went away (killed, session over): stop copying.
            }

            done.TrySetResult();
        })
        {
            IsBackground = true,
            Name = "keel-" + name,
        };
        thread.Start();
        return done.Task;
    }

    private async Task WatchAsync(Task pumps)
    {
        await _process.WaitForExitAsync();
        try
        {
            await pumps.WaitAsync(TimeSpan.FromSeconds(1), _time);
        }
        catch (TimeoutException)
        {
            // Children that outlived the shell keep the pipes open; what they print still reaches the log.
        }

        ProcessGroupGuard.Release(_processGroup);
        lock (_gate)
        {
            _exitCode = _process.ExitCode;
            if (_status == BackgroundTaskStatus.Running)
            {
                _status = _exitCode == 0 ? BackgroundTaskStatus.Completed : BackgroundTaskStatus.Failed;
            }
        }

        _afterExit?.Invoke();
    }
}
