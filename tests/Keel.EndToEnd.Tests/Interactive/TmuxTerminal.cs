using System.Diagnostics;
using System.Text;
using Keel.Testing.Process;
using Keel.Testing.Workspace;

namespace Keel.EndToEnd.Tests.Interactive;

/// <summary>
/// The real keel binary in a real terminal: a tmux session (its own server socket, 120x40) running keel
/// against the fake server. Keys go in with send-keys; the screen comes back with capture-pane; waits poll
/// with a deadline. After keel exits the pane prints its exit code and <c>stty -a</c>, so tests can check
/// the terminal was restored.
/// </summary>
internal sealed class TmuxTerminal : IDisposable
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(20);

    private readonly string _socket = "keel-e2e-" + Guid.NewGuid().ToString("N")[..10];

    private TmuxTerminal()
    {
    }

    /// <summary>Starts keel in <paramref name="workspace"/>; the directory is pre-trusted unless <paramref name="trusted"/> is false.</summary>
    public static TmuxTerminal Start(string baseUrl, TempWorkspace workspace, IEnumerable<string> args, bool trusted = true, IReadOnlyDictionary<string, string>? env = null)
    {
        if (trusted)
        {
            Directory.CreateDirectory(workspace.ConfigDir);
            File.WriteAllText(Path.Combine(workspace.ConfigDir, "trusted-projects.json"), $$"""{"trusted":["{{workspace.Path}}"]}""");
        }

        var script = new StringBuilder("#!/bin/bash\n");
        var vars = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["HOME"] = workspace.Home,
            ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin",
            ["TERM"] = "xterm-256color",
            ["LANG"] = "C.UTF-8",
            ["KEEL_CONFIG_DIR"] = workspace.ConfigDir,
            ["ANTHROPIC_BASE_URL"] = baseUrl,
            ["ANTHROPIC_API_KEY"] = "test-key",
            ["NO_COLOR"] = "1",
        };
        foreach (var (name, value) in env ?? new Dictionary<string, string>(StringComparer.Ordinal))
        {
            vars[name] = value;
        }

        script.Append("env -i");
        foreach (var (name, value) in vars)
        {
            script.Append(' ').Append(name).Append('=').Append(Quote(value));
        }

        script.Append(' ').Append(Quote(KeelRunner.LocateBinary()));
        foreach (var arg in args)
        {
            script.Append(' ').Append(Quote(arg));
        }

        script.Append("\necho \"KEEL_EXITED $?\"\nstty -a\nexec sleep 600\n");
        var path = Path.Combine(workspace.Home, "run-keel.sh");
        File.WriteAllText(path, script.ToString());
        var terminal = new TmuxTerminal();
        terminal.Tmux("new-session", "-d", "-s", "keel", "-x", "120", "-y", "40", "-c", workspace.Path, "bash " + Quote(path));
        return terminal;
    }

    /// <summary>Literal text, typed as is.</summary>
    public void Type(string text) => Tmux("send-keys", "-t", "keel", "-l", text);

    /// <summary>Named keys: Enter, Escape, Up, C-c, C-d, BTab ...</summary>
    public void Keys(params string[] keys) => Tmux(["send-keys", "-t", "keel", .. keys]);

    /// <summary>Resizes the terminal (keel gets SIGWINCH, as when a user drags the window).</summary>
    public void Resize(int width, int height) => Tmux("resize-window", "-t", "keel", "-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture), "-y", height.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Only the visible screen, row by row.</summary>
    public string CaptureVisible() => Tmux("capture-pane", "-p", "-t", "keel");

    /// <summary>The visible screen with its styles as escape sequences (reverse video, bold ...).</summary>
    public string CaptureVisibleStyled() => Tmux("capture-pane", "-p", "-e", "-t", "keel");

    /// <summary>The visible screen plus scrollback.</summary>
    public string Capture() => Tmux("capture-pane", "-p", "-t", "keel", "-S", "-500");

    /// <summary>Polls the screen until <paramref name="text"/> shows; fails with the screen when the deadline passes.</summary>
    public async Task<string> WaitForAsync(string text, TimeSpan? timeout = null) =>
        await WaitForAsync(screen => screen.Contains(text, StringComparison.Ordinal), $"\"{text}\"", timeout);

    public async Task<string> WaitForAsync(Func<string, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? DefaultWait;
        while (true)
        {
            var screen = Capture();
            if (condition(screen))
            {
                return screen;
            }

            if (deadline.Elapsed > limit)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:F0}s waiting for {what}. Screen:\n{screen}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits until the input box and status bar are drawn and the session is idle.</summary>
    public Task<string> WaitForReadyAsync() =>
        WaitForAsync(static s => s.Contains(" mode (shift+tab", StringComparison.Ordinal) || s.Contains(" mode · ", StringComparison.Ordinal), "the input box");

    public void Dispose()
    {
        try
        {
            Tmux("kill-server");
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private string Tmux(params string[] args)
    {
        var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(_socket);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("tmux did not start");
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tmux {string.Join(' ', args)} failed: {error}");
        }

        return output;
    }
}
