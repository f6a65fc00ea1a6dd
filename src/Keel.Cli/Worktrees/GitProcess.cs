using System.Diagnostics;

namespace Keel.Cli.Worktrees;

/// <summary>Runs git (or a hook command) and collects what it printed. A missing git is a failed result, not an exception.</summary>
internal static class GitProcess
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string directory, IEnumerable<string> args, CancellationToken cancellationToken, string? stdin = null, string program = "git")
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Not the user's pager or editor: this git runs unattended.
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_PAGER"] = "cat";
        try
        {
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            if (stdin is not null)
            {
                await process.StandardInput.WriteAsync(stdin.AsMemory(), cancellationToken);
            }

            process.StandardInput.Close();
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return (process.ExitCode, await stdout, await stderr);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (127, string.Empty, $"{program} could not be started: {ex.Message}");
        }
    }
}
