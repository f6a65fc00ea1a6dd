namespace Keel.Tests.Tools.Shell.Sandbox;

public sealed class SandboxUnavailableTests
{
    [Fact]
    public async Task Missing_bubblewrap_fails_closed_with_a_clear_error()
    {
        using var sandbox = new SandboxHarness(options => options with { BwrapPath = "/nonexistent/bwrap" });

        var result = await sandbox.RunAsync("touch ran");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldBe(
            "The sandbox is enabled but bubblewrap is not available: /nonexistent/bwrap does not exist. "
            + "Install it (Debian/Ubuntu: apt-get install bubblewrap) or disable sandbox.enabled.");
        File.Exists(Path.Combine(sandbox.Project, "ran")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_bwrap_that_cannot_build_a_sandbox_fails_closed()
    {
        using var sandbox = new SandboxHarness(options => options with { BwrapPath = "/bin/false" });

        var result = await sandbox.RunAsync("touch ran");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldStartWith("The sandbox is enabled but bubblewrap is not available: a test run of bwrap failed with exit code 1.");
        File.Exists(Path.Combine(sandbox.Project, "ran")).ShouldBeFalse();
    }
}
