using System.Globalization;
using System.Text.Json.Nodes;
using Keel.Core.Compaction;
using Keel.Testing.FakeServer;
using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests.Agents;

/// <summary>Subagents run as child sessions: their lines reach stream-json tagged with the Agent call, and they compact.</summary>
public sealed class ChildSessionTests
{
    [Fact]
    public async Task Stream_json_shows_the_subagents_lines_with_the_agent_calls_id_as_parent_tool_use_id()
    {
        await using var s = await Scenario.StartAsync();
        var note = s.Workspace.Write("note.txt", "the answer is 42\n");
        s.Server.SetResponder(request => FirstUserText(request) switch
        {
            var t when t.Contains("CHILD-TASK", StringComparison.Ordinal) => request.Messages!.Count == 1
                ? Turn.ToolUse("Read", $$"""{"file_path":"{{note}}"}""", id: "toolu_child_read")
                : Turn.Text("The note says 42."),
            _ when request.Messages!.Count == 1 => Turn.ToolUse("Agent", """{"description":"Read the note","prompt":"CHILD-TASK: read note.txt"}""", id: "toolu_parent_agent"),
            _ => Turn.Text("Parent done: 42."),
        });

        var result = await s.RunAsync("-p", "ask a helper", "--output-format", "stream-json", "--verbose", "--dangerously-skip-permissions");

        result.ExitCode.ShouldBe(0, result.ToString());
        var lines = StreamJsonLines.Parse(result.Stdout).ToList();
        var child = lines.Where(static l => (string?)l["parent_tool_use_id"] == "toolu_parent_agent").ToList();
        child.ShouldContain(l => (string?)l["type"] == "assistant" && (string?)l["message"]!["content"]![0]!["type"] == "tool_use" && (string?)l["message"]!["content"]![0]!["name"] == "Read"
            && (string?)l["subagent_type"] == "general-purpose");
        child.ShouldContain(l => (string?)l["type"] == "user" && (string?)l["message"]!["content"]![0]!["tool_use_id"] == "toolu_child_read");
        child.ShouldContain(l => (string?)l["type"] == "assistant" && (string?)l["message"]!["content"]![0]!["text"] == "The note says 42.");

        // The parent's own lines stay untagged, and the child's lines come before the Agent call's result.
        var agentResult = lines.Single(static l => (string?)l["type"] == "user" && (string?)l["message"]!["content"]![0]!["tool_use_id"] == "toolu_parent_agent");
        agentResult["parent_tool_use_id"].ShouldBeNull();
        lines.IndexOf(child[^1]).ShouldBeLessThan(lines.IndexOf(agentResult));
        ((string?)lines[^1]["result"]).ShouldBe("Parent done: 42.");
        s.AssertInvariants();
    }

    [Fact]
    public async Task A_subagents_long_loop_compacts_and_never_sends_more_than_the_window()
    {
        const int window = 30_000;
        const int childToolTurns = 30;
        await using var s = await Scenario.StartAsync();
        var narration = string.Concat(Enumerable.Repeat("Checking the numbers once more before the next step. ", 12));
        var childTurns = 0;
        s.Server.SetResponder(r =>
        {
            var input = r.Body.Length / 4;
            if (r.BodyText.Contains(CompactionPrompt.Opening, StringComparison.Ordinal))
            {
                return Turn.Text("Summary: the helper prints numbers repeatedly; work is in progress.").Usage(input, 40);
            }

            // Children are not offered the Agent tool (depth limit); that tells their requests apart.
            if (!r.ToolNames.Contains("Agent"))
            {
                return ++childTurns <= childToolTurns
                    ? Turn.Text(narration).ToolUse("Bash", """{"command":"seq 1 1700"}""").Usage(input, 300)
                    : Turn.Text("Helper finished the numbers.").Usage(input, 5);
            }

            return r.Messages!.Count == 1
                ? Turn.ToolUse("Agent", """{"description":"Print numbers","prompt":"CHILD-LOOP: print the numbers many times"}""").Usage(input, 20)
                : Turn.Text("Parent done.").Usage(input, 5);
        });

        var result = await s.RunAsync(
            ["-p", "have a helper print numbers", "--output-format", "json", "--allowedTools", "Bash"],
            new Dictionary<string, string?>(StringComparer.Ordinal) { ["KEEL_CONTEXT_WINDOW"] = window.ToString(CultureInfo.InvariantCulture) },
            timeout: TimeSpan.FromSeconds(90));

        result.ExitCode.ShouldBe(0, result.ToString());
        ((string?)Scenario.ParseJson(result)["result"]).ShouldBe("Parent done.");
        var requests = s.Server.MessageRequests;
        requests.ShouldContain(r => r.BodyText.Contains(CompactionPrompt.Opening, StringComparison.Ordinal), "the child's conversation was summarised");
        requests.ShouldAllBe(r => r.Body.Length / 4 <= window, "no request, the child's included, may exceed the context window");
        childTurns.ShouldBe(childToolTurns + 1);
        Scenario.ResultText(Scenario.LastToolResults(requests[^1]).Single()).ShouldContain("Helper finished the numbers.");
    }

    private static string FirstUserText(RecordedRequest request) => request.Messages![0]!["content"]!.ToJsonString();
}
