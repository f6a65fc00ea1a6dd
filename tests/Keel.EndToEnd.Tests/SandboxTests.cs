using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests;

public sealed class SandboxTests
{
    [Fact]
    public async Task With_the_sandbox_a_write_outside_the_project_fails_and_inside_works()
    {
        await using var s = await Scenario.StartAsync();
        var outside = Path.Combine(s.Workspace.Home, "escaped.txt");
        s.Script(
            Turn.ToolUse("Bash", $$"""{"command":"touch {{outside}}; echo outside=$?; touch inside.txt; echo inside=$?"}"""),
            Turn.Text("done"));

        var result = await s.RunAsync("-p", "try writing", "--sandbox", "--dangerously-skip-permissions");

        result.ExitCode.ShouldBe(0, result.ToString());
        File.Exists(outside).ShouldBeFalse();
        s.Workspace.Exists("inside.txt").ShouldBeTrue();
        var text = Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single());
        text.ShouldContain("outside=1");
        text.ShouldContain("inside=0");
    }

    [Fact]
    public async Task Sandbox_enabled_in_project_settings_blocks_network_and_protects_git()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.GitInit();
        s.Workspace.Write(".keel/settings.json", """{"sandbox":{"enabled":true}}""");
        var port = new Uri(s.Server.BaseUrl).Port;
        s.Script(
            // The target hides in a variable, so the permission layer cannot see it; the sandbox must stop it.
            Turn.ToolUse("Bash", $$"""{"command":"(exec 3<>/dev/tcp/127.0.0.1/{{port}}) 2>/dev/null; echo net=$?; d=.git; echo x >> \"$d/config\"; echo git=$?"}"""),
            Turn.Text("done"));

        var result = await s.RunAsync("-p", "probe", "--dangerously-skip-permissions");

        result.ExitCode.ShouldBe(0, result.ToString());
        var text = Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single());
        text.ShouldContain("net=1");
        text.ShouldNotContain("git=0");
        s.Workspace.Read(".git/config").ShouldNotContain("\nx\n");
    }

    [Fact]
    public async Task Killing_keel_kills_the_sandboxed_tree()
    {
        await using var s = await Scenario.StartAsync();
        var marker = $"{Random.Shared.Next(100, 999)}.{Random.Shared.Next(100, 999)}";
        s.Script(Turn.ToolUse("Bash", $$"""{"command":"touch started; sleep {{marker}}"}"""), Turn.Text("unreached"));

        await using var run = s.Keel.Start(["-p", "sleep", "--sandbox", "--dangerously-skip-permissions"]);
        run.StandardInput.Close();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!s.Workspace.Exists("started"))
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, run.Stderr);
            await Task.Delay(20);
        }

        // "started" exists once touch ran; the sleep is exec'd a moment later, which a loaded machine can stretch.
        while (SleepersWith(marker).Count == 0)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the sandboxed sleep never started");
            await Task.Delay(20);
        }

        await run.SignalAsync("KILL"); // keel alone, not its tree: the sandbox must go down by itself

        deadline = DateTime.UtcNow.AddSeconds(10);
        while (SleepersWith(marker).Count > 0)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the sandboxed sleep outlived keel");
            await Task.Delay(50);
        }
    }

    private static List<int> SleepersWith(string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.StartsWith("sleep ", StringComparison.Ordinal) && cmdline.Contains(marker, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }
}
