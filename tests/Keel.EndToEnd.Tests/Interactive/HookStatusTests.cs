using System.Text.Json.Nodes;
using Keel.EndToEnd.Tests.Hooks;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Interactive;

/// <summary>Hooks at the terminal: a running hook's statusMessage is the spinner text; a hung hook or bad output is a notice, never a crash.</summary>
public sealed class HookStatusTests
{
    [Fact]
    public async Task The_spinner_says_the_hooks_status_message_and_a_hung_or_garbled_hook_is_reported_while_the_call_goes_on()
    {
        await using var s = await Scenario.StartAsync();
        // Waits for the test's go-ahead (so the spinner can be seen), then prints output that is not JSON.
        var check = HookFixture.Script(s.Workspace, ".claude", "check.sh", """
            cat > /dev/null
            while [ ! -e "$CLAUDE_PROJECT_DIR/release" ]; do sleep 0.05; done
            echo '{not json'
            """);
        var hung = HookFixture.Script(s.Workspace, ".claude", "hung.sh", "cat > /dev/null; sleep 60");
        s.Workspace.Write(".claude/settings.json", new JsonObject
        {
            ["hooks"] = new JsonObject
            {
                ["PreToolUse"] = new JsonArray(new JsonObject
                {
                    ["matcher"] = "Bash",
                    ["hooks"] = new JsonArray(
                        new JsonObject { ["type"] = "command", ["command"] = check, ["statusMessage"] = "Checking the command against policy…" },
                        new JsonObject { ["type"] = "command", ["command"] = hung, ["timeout"] = 1 }),
                }),
            },
        }.ToJsonString());
        s.Script(Turn.ToolUse("Bash", """{"command":"echo made > out.txt"}"""), Turn.Text("All done."));
        using var tmux = TmuxTerminal.Start(s.Server.BaseUrl, s.Workspace, ["--allowedTools", "Bash(echo:*)"]);
        await tmux.WaitForReadyAsync();

        tmux.Type("make the file");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Checking the command against policy… (");
        s.Workspace.Write("release", "go");

        var screen = await tmux.WaitForAsync("All done.");
        screen.ShouldContain("hung.sh timed out");
        screen.ShouldContain("check.sh printed invalid JSON");
        s.Workspace.Read("out.txt").Trim().ShouldBe("made");

        // The session is still there for the next prompt.
        s.Script(Turn.Text("Still here."));
        tmux.Type("are you there");
        tmux.Keys("Enter");
        await tmux.WaitForAsync("Still here.");
    }
}
