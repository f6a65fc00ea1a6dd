using Keel.Core.Tools;
using Keel.Tools.Shell;
using Keel.Tools.Shell.Launching;
using Keel.Tools.Shell.Sandbox;

namespace Keel.Tests.Tools.Shell.Sandbox;

/// <summary>
/// A project and a fake home outside /tmp (the sandbox's /tmp is private, so anything under the host's
/// /tmp would be invisible inside and prove nothing), and the real Bash tool inside real bubblewrap.
/// </summary>
internal sealed class SandboxHarness : IDisposable
{
    private int _calls;

    public SandboxHarness(Func<SandboxOptions, SandboxOptions>? configure = null)
    {
        var parent = Directory.Exists("/var/tmp") ? "/var/tmp" : AppContext.BaseDirectory;
        Root = Path.Combine(parent, "keel-sandbox-" + Guid.NewGuid().ToString("N"));
        Project = Path.Combine(Root, "project");
        Home = Path.Combine(Root, "home");
        Directory.CreateDirectory(Project);
        Directory.CreateDirectory(Home);
        Session = new ToolSession(Project, [], Path.Combine(Root, "session"), TimeProvider.System);
        var options = new SandboxOptions
        {
            WritableDirectories = [Project],
            ProtectedPaths = SandboxOptions.DefaultProtectedPaths([Project], Home),
            ExtraReadOnlyDenied = SandboxOptions.DefaultDeniedPaths(Home),
        };
        Options = configure is null ? options : configure(options);
        Launcher = new BubblewrapLauncher(Options);
        Tool = ShellTools.CreateBash(new BashOptions { KillGrace = TimeSpan.FromMilliseconds(200) }, Launcher);
    }

    public string Root { get; }

    public string Project { get; }

    public string Home { get; }

    public SandboxOptions Options { get; }

    public BubblewrapLauncher Launcher { get; }

    public ToolSession Session { get; }

    public ITool Tool { get; }

    public Action<string>? OnProgress { get; set; }

    public Task<ToolResult> RunAsync(string command, int? timeout = null, CancellationToken cancellationToken = default)
    {
        var context = new ToolContext($"toolu_{++_calls}", Session, progress => OnProgress?.Invoke(progress.Message));
        return Tool.ExecuteAsync(BashHarness.Input(command, timeout), context, cancellationToken).AsTask();
    }

    /// <summary>Live (non-zombie) processes whose command line contains <paramref name="marker"/>, seen from the host.</summary>
    public static List<int> ProcessesWith(string marker)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(directory, "cmdline"));
                if (cmdline.Contains(marker, StringComparison.Ordinal) && BashHarness.IsAlive(pid))
                {
                    found.Add(pid);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The process exited while we looked.
            }
        }

        return found;
    }

    /// <summary>Polls until no live process carries the marker (death after a signal is asynchronous).</summary>
    public static async Task<bool> AllGoneAsync(string marker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (ProcessesWith(marker).Count > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(10);
        }

        return true;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A failed test may leave a process behind; the directory is disposable.
        }
    }
}
