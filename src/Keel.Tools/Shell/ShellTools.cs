using Keel.Core.Tools;
using Keel.Tools.Shell.Launching;
using Keel.Tools.Shell.Sandbox;

namespace Keel.Tools.Shell;

/// <summary>Creates the shell tools.</summary>
public static class ShellTools
{
    /// <summary>The Bash tool with limits from the environment, running commands directly on the host.</summary>
    public static ITool CreateBash() => CreateBash(BashOptions.FromEnvironment());

    /// <summary>
    /// The Bash tool with limits from the environment, inside a bubblewrap sandbox when
    /// <paramref name="sandbox"/> is enabled (directly on the host when it is null or disabled).
    /// </summary>
    public static ITool CreateBash(SandboxOptions? sandbox) =>
        CreateBash(BashOptions.FromEnvironment(), sandbox is { Enabled: true } ? new BubblewrapLauncher(sandbox) : null);

    /// <summary>The Bash tool with explicit limits and, optionally, another launcher (e.g. a sandbox).</summary>
    public static ITool CreateBash(BashOptions options, IShellLauncher? launcher = null) =>
        new BashTool(options, launcher ?? new DirectShellLauncher());
}
