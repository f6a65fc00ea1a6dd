namespace Keel.Tools.Shell.Launching;

/// <summary>Picks the shell binary: the user's $SHELL when it is bash or zsh, else /bin/bash.</summary>
internal static class ShellLocator
{
    public static string Locate()
    {
        var shell = Environment.GetEnvironmentVariable("SHELL");
        if (!string.IsNullOrEmpty(shell) && Path.IsPathRooted(shell) && Path.GetFileName(shell) is "bash" or "zsh" && File.Exists(shell))
        {
            return shell;
        }

        return File.Exists("/bin/bash") ? "/bin/bash" : "bash";
    }
}
