using System.Globalization;
using Keel.Tools.Shell;
using Keel.Tools.Shell.Launching;

namespace Keel.Tests.Tools.Shell;

public sealed class BashLaunchTests
{
    [Fact]
    public async Task A_launcher_can_wrap_the_shell_argv()
    {
        var launcher = new WrappingLauncher();
        using var bash = new BashHarness(launcher: launcher);

        var result = await bash.RunAsync("echo \"wrapped=$KEEL_WRAPPED\"");

        result.Text.ShouldBe("wrapped=yes");
        launcher.Seen!.Arguments[0].ShouldBe("-c");
        launcher.Seen.WorkingDirectory.ShouldBe(bash.Project);
    }

    [Fact]
    public async Task Without_setsid_a_timeout_still_kills_the_tree()
    {
        using var bash = new BashHarness(launcher: new DirectShellLauncher(setsidPath: null));

        var result = await bash.RunAsync("sleep 100 & echo $! > child.pid; echo started; sleep 30", timeout: 300);

        result.Text.ShouldBe("started\nCommand timed out after 0.3 s");
        var pid = int.Parse(File.ReadAllText(Path.Combine(bash.Project, "child.pid")).Trim(), CultureInfo.InvariantCulture);
        BashHarness.IsAlive(pid).ShouldBeFalse();
    }

    [Fact]
    public async Task Requested_timeouts_are_clamped_to_the_maximum()
    {
        using var bash = new BashHarness(new BashOptions { MaxTimeoutMs = 200 });

        var result = await bash.RunAsync("sleep 30", timeout: 60_000);

        result.IsError.ShouldBeTrue();
        result.Text.ShouldBe("Command timed out after 0.2 s");
    }

    private sealed class WrappingLauncher : IShellLauncher
    {
        public ShellLaunch? Seen { get; private set; }

        public ShellLaunch Prepare(ShellLaunch shell)
        {
            Seen = shell;
            return shell with { FileName = "/usr/bin/env", Arguments = ["KEEL_WRAPPED=yes", shell.FileName, .. shell.Arguments] };
        }
    }
}
