using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;
using Keel.Testing.Process;
using Keel.EndToEnd.Tests.StreamInput;

namespace Keel.EndToEnd.Tests.Mcp;

/// <summary>
/// A server that dies mid-session is started again with backoff, and a server's tools/list_changed refreshes what
/// keel knows of its tools (tests/fixtures/mcp/flaky-server.mjs, the official TypeScript SDK).
/// </summary>
public sealed class McpReconnectTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private static string Config => $$$$"""{"mcpServers":{"flaky":{"command":"node","args":["{{{{Path.Combine(McpFixtures.Directory, "flaky-server.mjs")}}}}"]}}}""";

    [Fact]
    public async Task A_server_that_crashes_is_started_again_and_the_next_call_reaches_the_new_process()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("mcp__flaky__crash", "{}"),
            Turn.ToolUse("mcp__flaky__generation", "{}"),
            Turn.Text("done"));

        var result = await s.RunAsync(["-p", "go", "--mcp-config", Config, "--allowedTools", "mcp__flaky"], timeout: Timeout);

        result.ExitCode.ShouldBe(0, result.ToString());
        Scenario.LastToolResults(s.Server.MessageRequests[1]).Single()["is_error"]!.GetValue<bool>().ShouldBeTrue();
        result.Stderr.ShouldContain("MCP server \"flaky\" stopped");
        result.Stderr.ShouldContain("code 3");
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[2]).Single()).ShouldBe("generation 2");
        File.ReadAllLines(s.Workspace.FullPath("flaky-starts")).Length.ShouldBe(2);
    }

    [Fact]
    public async Task A_tool_added_during_a_call_is_offered_from_the_next_request_and_seen_by_mcp_status()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("mcp__flaky__grow", "{}"), Turn.ToolUse("mcp__flaky__grown", "{}"), Turn.Text("grew"));
        await using var keel = s.Keel.Start(["--input-format", "stream-json", "--output-format", "stream-json", "--verbose", "--mcp-config", Config, "--allowedTools", "mcp__flaky"]);
        await keel.StandardInput.WriteLineAsync(StreamInputTests.User("grow the server"));
        await keel.StandardInput.FlushAsync();
        // Control requests are answered at once, so the status is asked only after the turn (and so the call) ended.
        await keel.WaitForOutputAsync("\"type\":\"result\"", Timeout);
        await keel.StandardInput.WriteLineAsync(StreamInputTests.Control("status", new JsonObject { ["subtype"] = "mcp_status" }));
        await keel.StandardInput.FlushAsync();
        await keel.WaitForOutputAsync("\"control_response\"", Timeout);
        keel.StandardInput.Close();
        var result = await keel.WaitForExitAsync(Timeout);

        result.ExitCode.ShouldBe(0, result.ToString());
        var lines = StreamJsonLines.Parse(result.Stdout);
        var server = StreamInputTests.ResponseTo(lines, "status")["response"]!["mcpServers"]!.AsArray().Single()!;
        server["status"]!.GetValue<string>().ShouldBe("connected");
        server["tools"]!.AsArray().Select(static t => t!["name"]!.GetValue<string>()).ShouldBe(["generation", "crash", "grow", "grown"], ignoreOrder: true);
        s.Server.MessageRequests[0].ToolNames.ShouldNotContain("mcp__flaky__grown");
        s.Server.MessageRequests[1].ToolNames.ShouldContain("mcp__flaky__grown");
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[2]).Single()).ShouldBe("grown answers");
    }

    [Fact]
    public async Task With_tools_deferred_a_tool_added_later_is_deferred_too_and_the_sent_tools_stay_the_same()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("ToolSearch", """{"query":"select:mcp__flaky__grow"}"""),
            Turn.ToolUse("mcp__flaky__grow", "{}"),
            Turn.ToolUse("ToolSearch", """{"query":"select:mcp__flaky__grown"}"""),
            Turn.ToolUse("mcp__flaky__grown", "{}"),
            Turn.Text("grew"));

        var result = await s.RunAsync(["-p", "grow", "--mcp-config", Config, "--allowedTools", "mcp__flaky"], new Dictionary<string, string?> { ["ENABLE_TOOL_SEARCH"] = "true" }, timeout: Timeout);

        result.ExitCode.ShouldBe(0, result.ToString());
        var requests = s.Server.MessageRequests;
        requests[0].ToolNames.ShouldContain("ToolSearch");
        requests[0].ToolNames.ShouldNotContain("mcp__flaky__grow");
        requests[1].ToolNames.ShouldBe([.. requests[0].ToolNames, "mcp__flaky__grow"]);
        Scenario.ResultText(Scenario.LastToolResults(requests[2]).Single()).ShouldBe("grew");
        // The list changed during the call; the new tool waits for ToolSearch like the others, so nothing sent changes.
        requests[2].Tools!.ToJsonString().ShouldBe(requests[1].Tools!.ToJsonString());
        var search = Scenario.ResultText(Scenario.LastToolResults(requests[3]).Single());
        search.ShouldContain("<tool name=\"mcp__flaky__grown\">");
        requests[3].ToolNames.ShouldBe([.. requests[1].ToolNames, "mcp__flaky__grown"], search);
        Scenario.ResultText(Scenario.LastToolResults(requests[4]).Single()).ShouldBe("grown answers");
    }
}
