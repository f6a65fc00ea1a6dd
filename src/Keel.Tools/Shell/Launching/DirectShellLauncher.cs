namespace Keel.Tools.Shell.Launching;

/// <summary>
/// Runs the shell on the host. When util-linux <c>setsid</c> is available the shell starts in a new
/// session: Ctrl+C at Keel's terminal does not reach it, and its whole process group can be killed.
/// </summary>
public sealed class DirectShellLauncher : IShellLauncher
{
    private static readonly string[] SetsidCandidates = ["/usr/bin/setsid", "/bin/setsid"];

    private readonly string? _setsid;
    private readonly bool _busybox;

    public DirectShellLauncher()
        : this(FindSetsid())
    {
    }

    /// <param name="setsidPath">The setsid executable, or null to start the shell directly (no process group).</param>
    public DirectShellLauncher(string? setsidPath)
    {
        _setsid = setsidPath;
        _busybox = setsidPath is not null && IsBusybox(setsidPath);
    }

    public ShellLaunch Prepare(ShellLaunch shell)
    {
        if (_setsid is null)
        {
            return shell;
        }

        // --wait keeps setsid as the parent when it has to fork (only if it were already a group leader,
        // which a freshly started child is not): the pid we hold then still reports the shell's exit status.
        string[] arguments = _busybox
            ? [shell.FileName, .. shell.Arguments]
            : ["--wait", shell.FileName, .. shell.Arguments];

        return shell with { FileName = _setsid, Arguments = arguments, OwnsProcessGroup = true };
    }

    private static string? FindSetsid()
    {
        foreach (var candidate in SetsidCandidates)
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    // BusyBox setsid has no --wait; it never forks for a non-leader child, which is our case.
    private static bool IsBusybox(string path)
    {
        try
        {
            var target = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true);
            return target is not null && target.Name.Contains("busybox", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
    }
}
