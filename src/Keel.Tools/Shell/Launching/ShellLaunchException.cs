namespace Keel.Tools.Shell.Launching;

/// <summary>
/// A launcher cannot run commands safely (e.g. the sandbox is enabled but unusable). The Bash tool
/// turns it into an error result carrying <see cref="Exception.Message"/>; nothing is started.
/// </summary>
public sealed class ShellLaunchException : Exception
{
    public ShellLaunchException()
    {
    }

    public ShellLaunchException(string message)
        : base(message)
    {
    }

    public ShellLaunchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
