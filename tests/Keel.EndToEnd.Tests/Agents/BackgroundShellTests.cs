using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Agents;

public sealed class BackgroundShellTests
{
    [Fact]
    public async Task A_background_command_is_started_read_killed_and_nothing_outlives_keel()
    {
        await using var s = await Scenario.StartAsync();
        var marker = "keel-bg-" + Guid.NewGuid().ToString("N");
        s.Script(
            Turn.ToolUse("Bash", $$"""{"command":"echo first-line; echo {{marker}}-a >/dev/null; sleep 300","run_in_background":true}"""),
            Turn.ToolUse("Bash", """{"command":"sleep 0.5"}"""),
            Turn.ToolUse("BashOutput", """{"bash_id":"bash_1"}"""),
            Turn.ToolUse("Bash", $$"""{"command":"sleep 301; echo {{marker}}-b","run_in_background":true}"""),
            Turn.ToolUse("KillShell", """{"shell_id":"bash_1"}"""),
            Turn.ToolUse("BashOutput", """{"bash_id":"bash_1"}"""),
            Turn.Text("Done."));

        var result = await s.RunAsync("-p", "run a server", "--allowedTools", "Bash");

        result.ExitCode.ShouldBe(0, result.ToString());
        var requests = s.Server.MessageRequests;
        Scenario.ResultText(Scenario.LastToolResults(requests[1]).Single()).ShouldContain("bash_1");
        var read = Scenario.ResultText(Scenario.LastToolResults(requests[3]).Single());
        read.ShouldContain("first-line");
        read.ShouldContain("<status>running</status>");
        Scenario.ResultText(Scenario.LastToolResults(requests[5]).Single()).ShouldContain("Killed shell bash_1");
        Scenario.ResultText(Scenario.LastToolResults(requests[6]).Single()).ShouldContain("<status>killed</status>");

        // bash_2 was still running when the run ended: keel stopped it on the way out.
        ProcessesMentioning(marker).ShouldBeEmpty();
        s.AssertInvariants();
    }

    [Fact]
    public async Task Background_commands_obey_the_same_permission_rules()
    {
        await using var s = await Scenario.StartAsync();
        var target = s.Workspace.FullPath("made-by-bg.txt");
        s.Script(
            Turn.ToolUse("Bash", $$"""{"command":"touch {{target}}","run_in_background":true}"""),
            Turn.Text("Blocked."));

        var result = await s.RunAsync("-p", "touch", "--disallowedTools", "Bash(touch:*)");

        result.ExitCode.ShouldBe(0, result.ToString());
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single()).ShouldContain("denied");
        File.Exists(target).ShouldBeFalse();
    }

    private static List<int> ProcessesMentioning(string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(marker, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // Exited while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours.
            }
        }

        return found;
    }
}
