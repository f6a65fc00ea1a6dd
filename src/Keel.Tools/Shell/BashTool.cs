using System.ComponentModel;
using Keel.Core.Diagnostics;
using Keel.Core.Tools;
using Keel.Tools.Shell.Execution;
using Keel.Tools.Shell.Launching;

namespace Keel.Tools.Shell;

/// <summary>Runs a shell command in the session's working directory, which persists between calls.</summary>
internal sealed class BashTool : Tool<BashInput>
{
    private readonly BashOptions _options;
    private readonly IShellLauncher _launcher;
    private string? _shell;

    public BashTool(BashOptions options, IShellLauncher launcher)
        : base(static () => ShellJsonContext.Default.BashInput)
    {
        _options = options;
        _launcher = launcher;
    }

    public override string Name => "Bash";

    public override ToolKind Kind => ToolKind.Exec;

    protected override ToolFacets Describe(BashInput input, ToolSession session)
    {
        var facets = base.Describe(input, session);
        return facets with
        {
            Command = input.Command,
            Summary = input.Command,
            Display = new CommandDisplay(input.Command, session.CurrentDirectory, input.Description),

            // A proven read-only script may start while the response streams; not in an editor's terminal, which the user would see.
            StartsEarly = facets.IsConcurrencySafe && session.Terminals is null,
        };
    }

    // The tool spills and previews its own output; the runner's generic budget must not cut it again.
    public override int MaxResultChars => int.MaxValue;

    // A failing command makes the calls running beside it moot: they are cancelled.
    public override bool FailureCancelsSiblings => true;

    protected override string Description => EmbeddedText.Load("Bash.md");

    // Only a script the analyzer proves read-only runs alongside other read-only calls; anything else runs alone.
    protected override bool IsConcurrencySafe(BashInput input) =>
        input.RunInBackground != true && Core.Permissions.Shell.BashPermission.IsProvablyReadOnly(input.Command);

    protected override string? Validate(BashInput input, ToolSession session)
    {
        if (string.IsNullOrWhiteSpace(input.Command))
        {
            return "<tool_use_error>InputValidationError: Bash needs a non-empty command.</tool_use_error>";
        }

        return input.Timeout is <= 0
            ? "<tool_use_error>InputValidationError: Bash timeout must be a positive number of milliseconds.</tool_use_error>"
            : null;
    }

    /// <summary>The fixed variables, then what SessionStart hooks exported for the session.</summary>
    private static IReadOnlyDictionary<string, string?> ShellVariables(ToolSession session)
    {
        var fixedVariables = BashScript.Environment();
        if (session.ShellEnvironment.IsEmpty)
        {
            return fixedVariables;
        }

        var variables = new Dictionary<string, string?>(fixedVariables, StringComparer.Ordinal);
        foreach (var (name, value) in session.ShellEnvironment)
        {
            variables[name] = value;
        }

        return variables;
    }

    protected override async ValueTask<ToolResult> ExecuteAsync(BashInput input, ToolContext context, CancellationToken cancellationToken)
    {
        var session = context.Session;
        if (input.RunInBackground == true)
        {
            return await StartInBackgroundAsync(input, context);
        }

        var timeoutMs = Math.Min(input.Timeout ?? _options.DefaultTimeoutMs, _options.MaxTimeoutMs);
        if (session.Terminals is { } terminals)
        {
            return await RunInTerminalAsync(terminals, input, context, timeoutMs, cancellationToken);
        }

        PhaseTrace.Mark("bash: call starts");
        var note = EnsureWorkingDirectory(session, physicalDirectory: null);
        var cwdFile = Path.Combine(Path.GetTempPath(), $"keel-cwd-{Guid.NewGuid():N}");
        var spillBase = Path.Combine(session.SessionDirectory, "tool-results", context.ToolUseId);
        ShellLaunch launch;
        try
        {
            launch = _launcher.Prepare(new ShellLaunch(
                _shell ??= _options.ShellPath ?? ShellLocator.Locate(),
                ["-c", BashScript.Wrap(input.Command, cwdFile)],
                session.CurrentDirectory,
                ShellVariables(session))
            {
                ResultFiles = [cwdFile],
                WorkingDirectories = session.AllowedDirectories,
            });
        }
        catch (ShellLaunchException ex)
        {
            return ToolResult.Error(ex.Message);
        }

        using var stdout = new OutputCapture(_options.MaxOutputChars, spillBase + ".txt");
        using var stderr = new OutputCapture(_options.MaxOutputChars, spillBase + ".stderr.txt");

        // Ctrl+B (the user's "move to background") ends the wait and hands the running process to a background task.
        using var detachRequest = new CancellationTokenSource();
        Background.BackgroundShell? moved = null;
        var detach = new ShellDetach(
            (process, _, pumps) =>
            {
                var id = session.Background.NextId("bash");
                moved = Background.BackgroundShell.Adopt(id, input.Command, process, launch, Path.Combine(session.SessionDirectory, "tasks", id + ".log"), _options.KillGrace, session.Time, pumps, stdout, stderr);
                session.Background.Register(moved);
            },
            detachRequest.Token);
        ShellExit exit;
        using (session.Background.TrackForeground(input.Command, () => Cancel(detachRequest)))
        {
            try
            {
                exit = await ShellRunner.RunAsync(
                    launch,
                    stdout,
                    stderr,
                    new ProgressReporter(context, session.Time),
                    TimeSpan.FromMilliseconds(timeoutMs),
                    _options.KillGrace,
                    session.Time,
                    cancellationToken,
                    detach);
            }
            catch (Win32Exception ex)
            {
                return ToolResult.Error($"Could not start the shell ({launch.FileName}): {ex.Message}");
            }
            finally
            {
                if (!detach.Adopted)
                {
                    launch.AfterExit?.Invoke();
                }
            }
        }

        if (exit.Detached && moved is not null)
        {
            File.Delete(cwdFile);
            return ToolResult.Success($"The user moved this command to the background while it ran; it keeps running with id {moved.Id}. Read its output with BashOutput (bash_id \"{moved.Id}\"); stop it with KillShell. Its output so far and from now on is written to {moved.LogPath}.");
        }

        note ??= EnsureWorkingDirectory(session, ReadAndDelete(cwdFile));
        var (stdoutBudget, stderrBudget) = BashResult.SplitBudget(_options.MaxOutputChars, stdout.TotalChars, stderr.TotalChars);
        var result = BashResult.Create(stdout.Finish(stdoutBudget), stderr.Finish(stderrBudget), exit, timeoutMs, note);
        PhaseTrace.Mark("bash: result ready");
        return result;
    }

    /// <summary>
    /// Runs the command in the editor's terminal (the surface only offers one when no sandbox is asked for): the
    /// same script, so the working directory still carries over, and the output rendered as a local command's.
    /// </summary>
    private async Task<ToolResult> RunInTerminalAsync(IEditorTerminals terminals, BashInput input, ToolContext context, int timeoutMs, CancellationToken cancellationToken)
    {
        var session = context.Session;
        var note = EnsureWorkingDirectory(session, physicalDirectory: null);
        var cwdFile = Path.Combine(Path.GetTempPath(), $"keel-cwd-{Guid.NewGuid():N}");
        var environment = ShellVariables(session)
            .Where(static pair => pair.Value is not null)
            .ToDictionary(static pair => pair.Key, static pair => pair.Value!, StringComparer.Ordinal);
        var command = new TerminalCommand(
            context.ToolUseId,
            _shell ??= _options.ShellPath ?? ShellLocator.Locate(),
            ["-c", BashScript.Wrap(input.Command, cwdFile)],
            environment,
            session.CurrentDirectory,
            TimeSpan.FromMilliseconds(timeoutMs),
            // Bytes, not characters: room for multi-byte text; the inline budget below still applies.
            _options.MaxOutputChars * 4L);
        TerminalRun run;
        try
        {
            run = await terminals.RunAsync(command, context.ReportProgress is null ? null : context.Progress, cancellationToken);
        }
        catch (IOException ex)
        {
            ReadAndDelete(cwdFile);
            return ToolResult.Error($"The editor could not run the command in its terminal: {ex.Message}");
        }

        note ??= EnsureWorkingDirectory(session, ReadAndDelete(cwdFile));
        if (run.Signal is { Length: > 0 } signal && !run.TimedOut && !run.Interrupted)
        {
            note = note is null ? $"Killed by signal {signal}" : $"Killed by signal {signal}\n{note}";
        }

        var spillBase = Path.Combine(session.SessionDirectory, "tool-results", context.ToolUseId);
        using var output = new OutputCapture(_options.MaxOutputChars, spillBase + ".txt");
        using var none = new OutputCapture(_options.MaxOutputChars, spillBase + ".stderr.txt");
        if (run.Truncated)
        {
            output.Append($"(the editor's terminal kept only the last {command.OutputByteLimit / 1024} KB of the output)\n");
        }

        output.Append(run.Output);
        var exit = new ShellExit(run.ExitCode ?? (run.Signal is null ? 0 : null), run.TimedOut, run.Interrupted);
        return BashResult.Create(output.Finish(_options.MaxOutputChars), none.Finish(0), exit, timeoutMs, note);
    }

    /// <summary>
    /// Starts the command through the same launcher (so a sandbox applies) and returns its id at once;
    /// the session's task registry owns the process from here on.
    /// </summary>
    private async Task<ToolResult> StartInBackgroundAsync(BashInput input, ToolContext context)
    {
        var session = context.Session;
        ShellLaunch launch;
        try
        {
            launch = _launcher.Prepare(new ShellLaunch(
                _shell ??= _options.ShellPath ?? ShellLocator.Locate(),
                ["-c", "exec </dev/null; " + input.Command + "\n"],
                session.CurrentDirectory,
                ShellVariables(session))
            {
                WorkingDirectories = session.AllowedDirectories,
            });
        }
        catch (ShellLaunchException ex)
        {
            return ToolResult.Error(ex.Message);
        }

        var id = session.Background.NextId("bash");
        var log = Path.Combine(session.SessionDirectory, "tasks", id + ".log");
        try
        {
            var shell = await Background.BackgroundShell.StartAsync(id, input.Command, launch, log, _options.KillGrace, session.Time);
            session.Background.Register(shell);
        }
        catch (Exception ex) when (ex is Win32Exception or IOException or UnauthorizedAccessException)
        {
            launch.AfterExit?.Invoke();
            return ToolResult.Error($"Could not start the command in the background: {ex.Message}");
        }

        return ToolResult.Success($"Command running in the background with id {id}. Read its output with BashOutput (bash_id \"{id}\"); stop it with KillShell. Output is also written to {log}.");
    }

    /// <summary>
    /// Moves the session to where the shell ended up (or keeps it where it was); when that is outside the
    /// allowed directories or no longer exists, falls back to the project directory and says so.
    /// </summary>
    private static string? EnsureWorkingDirectory(ToolSession session, string? physicalDirectory)
    {
        var target = physicalDirectory ?? session.CurrentDirectory;
        if (session.TrySetCurrentDirectory(target))
        {
            return null;
        }

        session.TrySetCurrentDirectory(session.ProjectDirectory);
        var why = Directory.Exists(target)
            ? $"{target} is outside the directories Keel may work in"
            : $"{target} no longer exists";
        return $"Shell cwd was reset to {session.ProjectDirectory} because {why}.";
    }

    private static void Cancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call already ended.
        }
    }

    private static string? ReadAndDelete(string path)
    {
        try
        {
            var text = File.ReadAllText(path).TrimEnd('\n');
            File.Delete(path);
            return text.Length > 0 ? text : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // No file: the shell was killed, exec'd another program, or replaced our trap. Keep the directory.
            return null;
        }
    }
}
