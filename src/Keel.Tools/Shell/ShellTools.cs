using Keel.Core.Tools;
using Keel.Tools.Shell.Launching;

namespace Keel.Tools.Shell;

/// <summary>Creates the shell tools.</summary>
public static class ShellTools
{
    /// <summary>The Bash tool with limits from the environment, running commands directly on the host.</summary>
    public static ITool CreateBash() => CreateBash(BashOptions.FromEnvironment());

    /// <summary>The Bash tool with explicit limits and, optionally, another launcher (e.g. a sandbox).</summary>
    public static ITool CreateBash(BashOptions options, IShellLauncher? launcher = null) =>
        new BashTool(options, launcher ?? new DirectShellLauncher());
}
