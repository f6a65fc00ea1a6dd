using System.Diagnostics;
using System.Text;

namespace Keel.Testing.Process;

/// <summary>
/// A running keel (or any) process with its output captured as it arrives, for tests that talk to
/// it, signal it or watch its output while it runs. Disposing kills it (and its children) if alive.
/// </summary>
public sealed class KeelProcess : IAsyncDisposable
{
    private readonly System.Diagnostics.Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();
    private readonly Task _pumps;
    private readonly long _started;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal KeelProcess(ProcessStartInfo start)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.StandardOutputEncoding = Encoding.UTF8;
        start.StandardErrorEncoding = Encoding.UTF8;
        _started = TimeProvider.System.GetTimestamp();
        _process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        _pumps = Task.WhenAll(PumpAsync(_process.StandardOutput, _stdout), PumpAsync(_process.StandardError, _stderr));
    }

    public int Pid => _process.Id;

    public StreamWriter StandardInput => _process.StandardInput;

    public bool HasExited => _process.HasExited;

    public string Stdout => Snapshot(_stdout);

    public string Stderr => Snapshot(_stderr);

    /// <summary>Sends a POSIX signal by name (<c>INT</c>, <c>TERM</c>, ...) with the system's <c>kill</c>.</summary>
    public async Task SignalAsync(string signal = "INT")
    {
        using var kill = System.Diagnostics.Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-s", signal, Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0 && !_process.HasExited)
        {
            throw new InvalidOperationException($"kill -s {signal} {Pid} failed with exit code {kill.ExitCode}");
        }
    }

    /// <summary>Waits until stdout (or stderr, when <paramref name="stderr"/>) contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout, bool stderr = false)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if ((stderr ? _stderr : _stdout).ToString().Contains(text, StringComparison.Ordinal))
                {
                    return;
                }

                changed = _changed.Task;
            }

            if (_process.HasExited && _pumps.IsCompleted)
            {
                throw new InvalidOperationException($"process exited before printing '{text}'.\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}");
            }

            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException e)
            {
                throw new TimeoutException($"'{text}' did not appear within {timeout.TotalSeconds:F1} s.\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}", e);
            }
        }
    }

    /// <summary>Waits for exit; on timeout kills the process tree and throws <see cref="KeelTimeoutException"/>.</summary>
    public async Task<KeelResult> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await _pumps.WaitAsync(TimeSpan.FromSeconds(5));
            throw new KeelTimeoutException(timeout, Stdout, Stderr);
        }

        await _pumps;
        return new KeelResult(_process.ExitCode, Stdout, Stderr, TimeProvider.System.GetElapsedTime(_started));
    }

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
            await _process.WaitForExitAsync();
        }

        await _pumps.WaitAsync(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }

    private async Task PumpAsync(StreamReader reader, StringBuilder into)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            TaskCompletionSource changed;
            lock (_lock)
            {
                into.Append(buffer, 0, read);
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            changed.TrySetResult();
        }

        lock (_lock)
        {
            _changed.TrySetResult();
        }
    }

    private string Snapshot(StringBuilder builder)
    {
        lock (_lock)
        {
            return builder.ToString();
        }
    }
}
