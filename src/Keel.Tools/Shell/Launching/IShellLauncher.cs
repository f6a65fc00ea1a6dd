namespace Keel.Tools.Shell.Launching;

/// <summary>
/// Turns the plain shell invocation (<c>shell -c script</c>) into the process that is actually started:
/// the direct launcher puts it in its own session; a sandbox launcher can wrap it further.
/// </summary>
public interface IShellLauncher
{
    ShellLaunch Prepare(ShellLaunch shell);
}
