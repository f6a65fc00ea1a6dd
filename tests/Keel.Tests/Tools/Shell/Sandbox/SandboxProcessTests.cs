using System.Diagnostics;
using Keel.Tools.Shell.Launching;

namespace Keel.Tests.Tools.Shell.Sandbox;

public sealed class SandboxProcessTests : IDisposable
{
    private readonly SandboxHarness _sandbox = new();
    private readonly string _marker = "keel-marker-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task A_timeout_kills_the_sandboxed_tree()
    {
        var seenRunning = false;
        _sandbox.OnProgress = line => seenRunning |= line == "started" && SandboxHarness.ProcessesWith(_marker).Count > 0;

        var result = await _sandbox.RunAsync($"(exec -a {_marker} sleep 100) & echo started; sleep 30", timeout: 500);

        result.Text.ShouldBe("started\nCommand timed out after 0.5 s");
        seenRunning.ShouldBeTrue();
        (await SandboxHarness.AllGoneAsync(_marker)).ShouldBeTrue();
    }

    [Fact]
    public async Task Background_jobs_end_with_the_command()
    {
        var result = await _sandbox.RunAsync($"(exec -a {_marker} sleep 100) & echo done");

        result.Text.ShouldBe("done");
        (await SandboxHarness.AllGoneAsync(_marker)).ShouldBeTrue();
    }

    [Fact]
    public async Task Killing_the_parent_of_bwrap_kills_the_sandboxed_tree()
    {
        var launch = _sandbox.Launcher.Prepare(new ShellLaunch(
            "/bin/bash",
            ["-c", $"(exec -a {_marker} sleep 100) & echo started; wait"],
            _sandbox.Project,
            new Dictionary<string, string?>()));
        var parent = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])["-c", "\"$@\" & wait", "keel-parent", launch.FileName, .. launch.Arguments])
        {
            parent.ArgumentList.Add(argument);
        }

        using var process = Process.Start(parent)!;
        (await process.StandardOutput.ReadLineAsync()).ShouldBe("started");
        SandboxHarness.ProcessesWith(_marker).ShouldNotBeEmpty();

        process.Kill(entireProcessTree: false);
        await process.WaitForExitAsync();

        (await SandboxHarness.AllGoneAsync(_marker)).ShouldBeTrue();
        launch.AfterExit?.Invoke();
    }

    [Fact]
    public async Task A_command_outlives_the_thread_that_started_it()
    {
        // The parent-death signal follows the forking thread; a pool thread retiring must not kill bwrap.
        Task<Keel.Core.Tools.ToolResult>? running = null;
        var starter = new Thread(() => running = _sandbox.RunAsync("sleep 0.3; echo alive"));
        starter.Start();
        starter.Join();

        var result = await running!;

        result.Text.ShouldBe("alive");
    }

    [Fact]
    public async Task Cancellation_kills_the_sandboxed_tree()
    {
        using var cancel = new CancellationTokenSource();
        _sandbox.OnProgress = line =>
        {
            if (line == "started")
            {
                cancel.Cancel();
            }
        };

        var result = await _sandbox.RunAsync($"(exec -a {_marker} sleep 100) & echo started; sleep 30", timeout: 10_000, cancel.Token);

        result.Text.ShouldBe("started\nCommand was interrupted");
        (await SandboxHarness.AllGoneAsync(_marker)).ShouldBeTrue();
    }

    public void Dispose() => _sandbox.Dispose();
}
