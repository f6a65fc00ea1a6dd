using System.ComponentModel;
using System.Diagnostics;

namespace Keel.Tools.Shell.Sandbox;

/// <summary>
/// Finds bwrap and checks that it can actually build a sandbox here (user or mount namespaces can
/// be disabled, e.g. in containers). Tries the full isolation first, then without the optional IPC/UTS
/// namespaces; the filesystem, PID and (unless allowed) network isolation are never dropped.
/// </summary>
internal static class BwrapProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>The bwrap path and the isolation flags that work, or why none does.</summary>
    public static (string? Bwrap, IReadOnlyList<string> Isolation, string? Error) Run(SandboxOptions options, string shell)
    {
        var bwrap = Locate(options.BwrapPath);
        if (bwrap is null)
        {
            return (null, [], options.BwrapPath is null
                ? "bwrap was not found on PATH"
                : $"{options.BwrapPath} does not exist");
        }

        string? firstError = null;
        foreach (var isolation in Candidates(options.AllowNetwork))
        {
            var error = TryRun(bwrap, isolation, shell);
            if (error is null)
            {
                return (bwrap, isolation, null);
            }

            firstError ??= error;
        }

        return (bwrap, [], firstError);
    }

    private static IEnumerable<IReadOnlyList<string>> Candidates(bool allowNetwork)
    {
        string[] common = ["--die-with-parent", "--new-session", "--unshare-pid", "--unshare-cgroup-try", "--cap-drop", "ALL"];
        string[] network = allowNetwork ? [] : ["--unshare-net"];
        yield return [.. common, "--unshare-ipc", "--unshare-uts", .. network];
        yield return [.. common, .. network];
    }

    private static string? TryRun(string bwrap, IReadOnlyList<string> isolation, string shell)
    {
        var info = new ProcessStartInfo(bwrap)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])[.. isolation, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--", shell, "-c", ":"])
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(info)!;
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Timeout))
            {
                process.Kill(entireProcessTree: true);
                return $"a test run of bwrap did not finish within {Timeout.TotalSeconds:0} s";
            }

            if (process.ExitCode == 0)
            {
                return null;
            }

            var message = stderr.Wait(Timeout) ? stderr.Result.Trim() : string.Empty;
            return message.Length > 0
                ? $"a test run of bwrap failed ({message.Split('\n')[0].Trim()})"
                : $"a test run of bwrap failed with exit code {process.ExitCode}";
        }
        catch (Win32Exception ex)
        {
            return $"{bwrap} could not be started ({ex.Message})";
        }
    }

    private static string? Locate(string? configured)
    {
        if (configured is not null)
        {
            return File.Exists(configured) ? configured : null;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Join(dir, "bwrap");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
