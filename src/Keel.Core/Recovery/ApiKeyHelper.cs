using System.Diagnostics;

namespace Keel.Core.Recovery;

/// <summary>
/// Runs the settings' <c>apiKeyHelper</c> shell command and uses its trimmed stdout as the API key.
/// The key is cached; <see cref="RefreshAsync"/> runs the command again (after a 401).
/// </summary>
public sealed class ApiKeyHelper(string command, string workingDirectory, TimeProvider time) : ICredentialSource
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private Task<string?>? _current;

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Why the last run produced no key, for the error the user sees.</summary>
    public string? LastProblem { get; private set; }

    /// <summary>How many times the command ran (first read plus refreshes).</summary>
    public int Runs { get; private set; }

    public async ValueTask<string?> GetApiKeyAsync(CancellationToken cancellationToken)
    {
        Task<string?> run;
        lock (_gate)
        {
            run = _current ??= RunAsync();
        }

        return await run.WaitAsync(cancellationToken);
    }

    public async ValueTask<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        Task<string?> run;
        lock (_gate)
        {
            run = _current = RunAsync();
        }

        return await run.WaitAsync(cancellationToken) is not null;
    }

    private async Task<string?> RunAsync()
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);

        Runs++;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(Timeout, time);
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            var key = (await stdout).Trim();
            if (process.ExitCode != 0)
            {
                LastProblem = $"apiKeyHelper exited with code {process.ExitCode}: {(await stderr).Trim()}";
                return null;
            }

            LastProblem = key.Length == 0 ? "apiKeyHelper printed nothing" : null;
            return key.Length == 0 ? null : key;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            LastProblem = $"apiKeyHelper did not finish within {Timeout.TotalSeconds:0.#} s";
            return null;
        }
    }
}
