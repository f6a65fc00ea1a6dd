using System.Diagnostics;

namespace Keel.Core.Prompts;

/// <summary>
/// Reads a <see cref="GitSummary"/> by running git twice, concurrently, each under a short timeout:
/// a slow or hung git (network filesystem, huge repository) costs the prompt a note, never the session.
/// </summary>
public static class GitSummaryReader
{
    public const int MaxStatusLines = 40;
    public const int RecentCommitCount = 5;

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    public static GitSummary Read(string workingDirectory, string repositoryRoot, TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var status = GitRunner.Start(workingDirectory, "status", "--short", "--branch", "--untracked-files=normal");
        var log = GitRunner.Start(workingDirectory, "log", "-" + RecentCommitCount, "--format=%s", "--no-color");
        var statusResult = GitRunner.Finish(status, limit);
        var logResult = GitRunner.Finish(log, limit);

        string? note = null;
        if (statusResult.Failure is { } statusFailure)
        {
            note = "git status " + statusFailure;
        }

        var statusLines = SplitLines(statusResult.Output);
        string? branch = null;
        if (statusLines.Count > 0 && statusLines[0].StartsWith("## ", StringComparison.Ordinal))
        {
            branch = ParseBranch(statusLines[0][3..]);
            statusLines.RemoveAt(0);
        }

        var more = Math.Max(0, statusLines.Count - MaxStatusLines);
        if (more > 0)
        {
            statusLines.RemoveRange(MaxStatusLines, more);
        }

        // A fresh repository has no commits, so git log fails; that is not worth a note.
        var commits = logResult.Failure is null ? SplitLines(logResult.Output) : [];
        if (logResult.TimedOut)
        {
            note = note is null ? "git log timed out" : note + "; git log timed out";
        }

        return new GitSummary(branch, MainBranches.Detect(repositoryRoot), statusLines, more, commits, note);
    }

    /// <summary>Parses the <c>## ...</c> header of <c>git status --short --branch</c>.</summary>
    internal static string? ParseBranch(string header)
    {
        const string noCommits = "No commits yet on ";
        if (header.StartsWith(noCommits, StringComparison.Ordinal))
        {
            return header[noCommits.Length..].Trim();
        }

        if (header.StartsWith("HEAD (no branch)", StringComparison.Ordinal))
        {
            return null;
        }

        var end = header.IndexOf("...", StringComparison.Ordinal);
        if (end < 0)
        {
            end = header.IndexOf(' ', StringComparison.Ordinal);
        }

        return (end < 0 ? header : header[..end]).Trim();
    }

    private static List<string> SplitLines(string text) =>
        [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(static l => l.TrimEnd('\r')).Where(static l => l.Length > 0)];

    private static class GitRunner
    {
        public static Process? Start(string workingDirectory, params string[] args)
        {
            var info = new ProcessStartInfo("git")
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            // No index lock (another git may be running), no credential prompts, no pager.
            info.Environment["GIT_OPTIONAL_LOCKS"] = "0";
            info.Environment["GIT_TERMINAL_PROMPT"] = "0";
            info.Environment["GIT_PAGER"] = "cat";
            info.Environment["LC_ALL"] = "C";
            try
            {
                var process = Process.Start(info);
                process?.StandardInput.Close();
                return process;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null; // git is not installed
            }
        }

        public static GitResult Finish(Process? process, TimeSpan timeout)
        {
            if (process is null)
            {
                return new GitResult(string.Empty, "could not run (is git installed?)", TimedOut: false);
            }

            using (process)
            {
                var output = process.StandardOutput.ReadToEndAsync();
                _ = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit(timeout))
                {
                    try
                    {
                        process.Kill(entireProcessTree: true);
                    }
                    catch (InvalidOperationException)
                    {
                        // It exited between the timeout and the kill.
                    }

                    return new GitResult(string.Empty, "timed out", TimedOut: true);
                }

                process.WaitForExit();
                var text = output.Wait(timeout) ? output.Result : string.Empty;
                return process.ExitCode == 0
                    ? new GitResult(text, null, TimedOut: false)
                    : new GitResult(string.Empty, "failed", TimedOut: false);
            }
        }
    }

    private readonly record struct GitResult(string Output, string? Failure, bool TimedOut);
}
