using System.Diagnostics;
using System.Globalization;

namespace Keel.Tests.Tools.Shell;

public sealed class BashProcessTests : IDisposable
{
    private const string StartsBackgroundChild = "sleep 100 & echo $! > child.pid; echo started; sleep 30";

    private readonly BashHarness _bash = new();

    [Fact]
    public async Task A_timeout_returns_partial_output_and_kills_the_background_child()
    {
        var watch = Stopwatch.StartNew();

        var result = await _bash.RunAsync(StartsBackgroundChild, timeout: 300);

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        result.IsError.ShouldBeTrue();
        result.Text.ShouldBe("started\nCommand timed out after 0.3 s");
        BashHarness.IsAlive(ChildPid()).ShouldBeFalse();
    }

    [Fact]
    public async Task Cancellation_returns_an_interrupted_result_and_kills_the_tree()
    {
        using var cancel = new CancellationTokenSource();
        _bash.OnProgress = line =>
        {
            if (line == "started")
            {
                cancel.Cancel();
            }
        };

        var result = await _bash.RunAsync(StartsBackgroundChild, timeout: 10_000, cancel.Token);

        result.IsError.ShouldBeTrue();
        // bash may report its killed child ("Terminated") in the moment before it is killed itself; that line is the shell's, not lost output.
        result.Text.Split('\n').Where(static l => l != "Terminated").ShouldBe(["started", "Command was interrupted"]);
        result.Details!["interrupted"]!.GetValue<bool>().ShouldBeTrue();
        BashHarness.IsAlive(ChildPid()).ShouldBeFalse();
    }

    [Fact]
    public async Task Background_jobs_do_not_outlive_a_finished_command()
    {
        var result = await _bash.RunAsync("sleep 100 & echo $! > child.pid; echo done", timeout: 10_000);

        result.IsError.ShouldBeFalse();
        result.Text.ShouldBe("done");
        BashHarness.IsAlive(ChildPid()).ShouldBeFalse();
    }

    [Fact]
    public async Task Progress_reports_the_latest_output_line()
    {
        await _bash.RunAsync("echo first; echo second");

        _bash.Progress.ShouldNotBeEmpty();
        _bash.Progress[0].ShouldBeOneOf("first", "second");
    }

    [Fact]
    public async Task Large_output_spills_to_a_file_with_a_head_and_tail_preview()
    {
        var result = await _bash.RunAsync("seq 1 200000");

        var file = Path.Combine(_bash.Session.SessionDirectory, "tool-results", _bash.LastToolUseId + ".txt");
        result.IsError.ShouldBeFalse();
        result.Text.Length.ShouldBeLessThanOrEqualTo(30_000);
        result.Text.ShouldStartWith("1\n2\n3\n");
        result.Text.ShouldEndWith("199999\n200000");
        result.Text.ShouldContain("lines) omitted");
        result.Text.ShouldContain(file);
        result.Details!["outputFile"]!.GetValue<string>().ShouldBe(file);
        (await File.ReadAllTextAsync(file)).ShouldBe(Sequence(200_000));
    }

    [Fact]
    public async Task Large_stderr_spills_separately_and_keeps_stdout_inline()
    {
        var result = await _bash.RunAsync("echo visible; seq 1 50000 >&2");

        var file = Path.Combine(_bash.Session.SessionDirectory, "tool-results", _bash.LastToolUseId + ".stderr.txt");
        result.Text.ShouldStartWith("visible\n1\n");
        result.Text.Length.ShouldBeLessThanOrEqualTo(30_000);
        (await File.ReadAllTextAsync(file)).ShouldBe(Sequence(50_000));
    }

    [Fact]
    public async Task The_output_limit_can_be_lowered()
    {
        using var small = new BashHarness(new Keel.Tools.Shell.BashOptions { MaxOutputChars = 2_000 });

        var result = await small.RunAsync("seq 1 5000");

        result.Text.Length.ShouldBeLessThanOrEqualTo(2_000);
        result.Text.ShouldEndWith("5000");
    }

    private int ChildPid() =>
        int.Parse(File.ReadAllText(Path.Combine(_bash.Project, "child.pid")).Trim(), CultureInfo.InvariantCulture);

    private static string Sequence(int count)
    {
        var text = new System.Text.StringBuilder();
        for (var i = 1; i <= count; i++)
        {
            text.Append(i).Append('\n');
        }

        return text.ToString();
    }

    public void Dispose() => _bash.Dispose();
}
