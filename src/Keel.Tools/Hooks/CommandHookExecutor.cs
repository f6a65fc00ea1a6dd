using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Keel.Core.Hooks;
using Keel.Tools.Shell.Execution;
using Keel.Tools.Shell.Launching;

namespace Keel.Tools.Hooks;

/// <summary>
/// Runs a command hook: <c>bash -c &lt;command&gt;</c> (or the exec-form argv) in its own session and
/// process group (no controlling terminal), the input JSON on stdin, <c>KEEL_PROJECT_DIR</c> and
/// <c>CLAUDE_PROJECT_DIR</c> in the environment. A timeout or cancellation kills the whole group.
/// </summary>
public sealed class CommandHookExecutor(TimeProvider time) : IHookExecutor
{
    private const int MaxOutputChars = 1024 * 1024;
    private static readonly TimeSpan KillGrace = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(1);
    private static readonly Lazy<DirectShellLauncher> Launcher = new(static () => new DirectShellLauncher());

    public async Task<HookExecution> ExecuteAsync(HookRequest request, CancellationToken cancellationToken)
    {
        var handler = request.Handler;
        var cwd = Directory.Exists(request.WorkingDirectory) ? request.WorkingDirectory : request.ProjectDirectory;
        // Exec form: "command" is the program and "args" its argv, with no shell in between.
        var launch = handler.Args is { } args
            ? new ShellLaunch(handler.Command ?? string.Empty, args, cwd, Environment(request))
            : new ShellLaunch(ShellLocator.Locate(), ["-c", handler.Command ?? string.Empty], cwd, Environment(request));
        launch = Launcher.Value.Prepare(launch);

        using var process = new Process { StartInfo = ShellRunner.CreateStartInfo(launch) };
        try
        {
            await ProcessStarter.StartAsync(process);
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            return HookExecution.Failed($"could not start: {ex.Message}");
        }

        var group = launch.OwnsProcessGroup ? process.Id : 0;
        var stdout = ReadAsync(process.StandardOutput);
        var stderr = ReadAsync(process.StandardError);
        await WriteInputAsync(process, request.Input);

        using var timeout = new CancellationTokenSource(request.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(linked.Token);
            await ProcessTreeKiller.KillLeftoversAsync(process, group, KillGrace, time);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            await ProcessTreeKiller.KillAsync(process, group, KillGrace, time);
        }

        var output = await DrainAsync(stdout);
        var errors = await DrainAsync(stderr);
        if (cancellationToken.IsCancellationRequested && !timedOut)
        {
            return new HookExecution(null, output, errors, StartError: "was cancelled");
        }

        int? exit = timedOut ? null : ExitCode(process);
        return new HookExecution(exit, output, errors, timedOut);
    }

    private static Dictionary<string, string?> Environment(HookRequest request)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["KEEL_PROJECT_DIR"] = request.ProjectDirectory,
            ["CLAUDE_PROJECT_DIR"] = request.ProjectDirectory,
        };
        if (request.EnvFile is { } envFile)
        {
            variables["CLAUDE_ENV_FILE"] = envFile;
            variables["KEEL_ENV_FILE"] = envFile;
        }

        return variables;
    }

    private static async Task WriteInputAsync(Process process, string input)
    {
        try
        {
            await process.StandardInput.WriteAsync(input);
            await process.StandardInput.FlushAsync();
        }
        catch (IOException)
        {
            // The hook exited without reading its input; that is its right.
        }
        finally
        {
            try
            {
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // Broken pipe on close: same as above.
            }
        }
    }

    private static async Task<string> ReadAsync(StreamReader reader)
    {
        var text = new StringBuilder();
        var buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            if (text.Length < MaxOutputChars)
            {
                text.Append(buffer, 0, Math.Min(read, MaxOutputChars - text.Length));
            }
        }

        return text.ToString();
    }

    private async Task<string> DrainAsync(Task<string> read)
    {
        try
        {
            return await read.WaitAsync(DrainTimeout, time);
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or ObjectDisposedException)
        {
            // A grandchild that left the group still holds the pipe; what was read is gone with it.
            return string.Empty;
        }
    }

    private static int? ExitCode(Process process)
    {
        try
        {
            return process.HasExited ? process.ExitCode : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
