using System.Globalization;
using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests;

/// <summary>keel killed with SIGKILL mid-tool: nothing it started survives, and the resumed transcript is valid on disk.</summary>
public sealed class KilledSessionTests
{
    [Fact]
    public async Task Kill_9_during_a_Bash_call_leaves_no_child_alive_and_the_resumed_transcript_is_valid_on_disk()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("Bash", """{"command":"sleep 300 & echo $! > child.pid; wait"}"""),
            Turn.Text("Picked up again."));
        var pidFile = s.Workspace.FullPath("child.pid");
        int child;
        await using (var run = s.Keel.Start(["-p", "start the long job", "--allowedTools", "Bash"]))
        {
            run.StandardInput.Close();
            await WaitUntilAsync(() => File.Exists(pidFile) && File.ReadAllText(pidFile).Trim().Length > 0, "the Bash call never started");
            child = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
            IsAlive(child).ShouldBeTrue();

            await run.SignalAsync("KILL");
            (await run.WaitForExitAsync(TimeSpan.FromSeconds(15))).ExitCode.ShouldBe(137);
        }

        await WaitUntilAsync(() => !IsAlive(child), $"the Bash child {child} outlived the killed keel");

        var resumed = await s.RunAsync("-c", "-p", "carry on");

        resumed.ExitCode.ShouldBe(0, resumed.ToString());
        var transcript = Directory.GetFiles(Path.Combine(s.Workspace.ConfigDir, "projects"), "*.jsonl", SearchOption.AllDirectories).Single();
        var messages = File.ReadAllLines(transcript)
            .Where(static l => l.Length > 0)
            .Select(static l => JsonNode.Parse(l)!)
            .Where(static l => (string?)l["type"] is "user" or "assistant")
            .ToList();
        var toolUse = messages.Single(m => Blocks(m, "tool_use").Any());
        var next = messages[messages.IndexOf(toolUse) + 1];
        ((string?)next["type"]).ShouldBe("user");
        var result = Blocks(next, "tool_result").Single();
        ((string?)result["tool_use_id"]).ShouldBe((string?)Blocks(toolUse, "tool_use").Single()["id"]);
        result["is_error"]!.GetValue<bool>().ShouldBeTrue();
        s.AssertInvariants();
    }

    private static IEnumerable<JsonNode> Blocks(JsonNode line, string type) =>
        line["message"]!["content"] is JsonArray content ? content.Where(b => (string?)b!["type"] == type).Select(b => b!) : [];

    /// <summary>Alive and not a zombie waiting to be reaped.</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, failure);
            await Task.Delay(20);
        }
    }
}
