namespace Keel.Core.Permissions.Shell;

/// <summary>Program names the analyzer and the decision treat specially.</summary>
internal static class ShellNames
{
    public static readonly HashSet<string> Shells = new(StringComparer.Ordinal) { "sh", "bash", "zsh", "dash", "ksh", "mksh", "ash", "yash", "posh", "rbash" };

    public static readonly HashSet<string> Downloaders = new(StringComparer.Ordinal) { "curl", "wget", "fetch", "aria2c", "http", "https", "xh", "lwp-request", "lwp-download", "nc", "ncat", "netcat", "socat", "ftp", "tftp" };

    public static readonly HashSet<string> Elevators = new(StringComparer.Ordinal) { "sudo", "doas", "su", "pkexec", "run0", "sudoedit" };

    private static readonly HashSet<string> Interpreters = new(StringComparer.Ordinal) { "fish", "csh", "tcsh", "perl", "ruby", "node", "nodejs", "php", "lua", "deno", "bun", "pwsh", "powershell", "Rscript", "osascript", "tclsh", "source", ".", "eval", "awk", "gawk", "mawk", "busybox" };

    public static bool IsShellOrInterpreter(string name) =>
        Shells.Contains(name) || Interpreters.Contains(name) || name.StartsWith("python", StringComparison.Ordinal) || name.StartsWith("perl", StringComparison.Ordinal);
}
