using System.Diagnostics;

namespace Keel.Providers.Common;

/// <summary>Runs a settings command (<c>awsCredentialExport</c>, <c>awsAuthRefresh</c>, <c>credential_process</c>) through /bin/sh.</summary>
public static class ShellCommand
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Stdout of a successful run; a failure, non-zero exit or timeout is an <see cref="InvalidOperationException"/> saying so.</summary>
    public static async Task<string> RunAsync(string command, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken, bool inheritStderr = false)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = Directory.Exists(workingDirectory) ? workingDirectory : "/",
            RedirectStandardOutput = true,
            RedirectStandardError = !inheritStderr,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start `{command}`");
        process.StandardInput.Close();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
        var stderr = inheritStderr ? Task.FromResult(string.Empty) : process.StandardError.ReadToEndAsync(limit.Token);
        try
        {
            await process.WaitForExitAsync(limit.Token);
            var output = await stdout;
            var errors = await stderr;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"`{command}` exited with {process.ExitCode}: {errors.Trim()}");
            }

            return output;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"`{command}` did not finish within {timeout.TotalSeconds:0} s", ex);
        }
    }
}
