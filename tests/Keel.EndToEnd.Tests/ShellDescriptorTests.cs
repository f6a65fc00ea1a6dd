using System.Globalization;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests;

public sealed class ShellDescriptorTests
{
    [Fact]
    public async Task Bash_calls_leave_no_pipe_descriptors_open_in_keel()
    {
        await using var s = await Scenario.StartAsync();

        // The shell's parent is keel itself (setsid execs in place), so $PPID's fd table is keel's.
        const string Count = "ls /proc/$PPID/fd | wc -l";
        var many = Turn.Create();
        for (var i = 0; i < 20; i++)
        {
            many.ToolUse("Bash", $$"""{"command":"echo call {{i}}"}""");
        }

        s.Script(
            Turn.ToolUse("Bash", $$"""{"command":"{{Count}} > before.txt"}"""),
            many,
            Turn.ToolUse("Bash", $$"""{"command":"{{Count}} > after.txt"}"""),
            Turn.Text("Counted."));

        var result = await s.RunAsync(["-p", "count", "--dangerously-skip-permissions"], timeout: TimeSpan.FromSeconds(60));

        result.ExitCode.ShouldBe(0, result.ToString());
        var before = int.Parse(File.ReadAllText(s.Workspace.FullPath("before.txt")).Trim(), CultureInfo.InvariantCulture);
        var after = int.Parse(File.ReadAllText(s.Workspace.FullPath("after.txt")).Trim(), CultureInfo.InvariantCulture);

        // Twenty calls that each leaked their stdout and stderr pipes would add forty.
        after.ShouldBeLessThanOrEqualTo(before + 4, $"keel had {before} descriptors before twenty Bash calls and {after} after");
    }
}
