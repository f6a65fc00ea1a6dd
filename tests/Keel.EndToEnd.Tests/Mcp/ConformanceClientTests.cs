using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Mcp;

/// <summary>
/// The conformance suite's client scenarios with keel as the client: the suite starts its test server, keel (print mode,
/// the fake model scripting the calls) connects to it over Streamable HTTP. Run here: initialize, tools_call, sse-retry.
/// Not run: elicitation-sep1034-client-defaults (keel declares no elicitation capability, so servers must not ask it).
/// </summary>
public sealed class ConformanceClientTests
{
    [Fact]
    public async Task Initialize_sends_a_current_protocol_version_and_client_info()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("done"));

        var verdict = await ConformanceSuite.RunClientAsync(s, "initialize", ConformanceSuite.WriteClientScript(s));

        verdict.ShouldPass("mcp-client-initialization");
    }

    [Fact]
    public async Task Tools_call_reaches_the_server_with_the_models_arguments()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("mcp__conformance__add_numbers", """{"a":2,"b":40}"""), Turn.Text("done"));

        var verdict = await ConformanceSuite.RunClientAsync(s, "tools_call", ConformanceSuite.WriteClientScript(s));

        verdict.ShouldPass("tool-add-numbers");
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single()).ShouldBe("The sum of 2 and 40 is 42");
    }

    /// <summary>
    /// The server answers initialize with the older 2025-03-26 and closes the tool call's event stream early: keel keeps the
    /// older version, resumes over GET with Last-Event-ID, and the tool result still arrives. The suite's timing check
    /// (reconnect within the retry window) measures wall-clock time, so only its verdict on reconnecting is asserted.
    /// </summary>
    [Fact]
    public async Task A_closed_event_stream_is_resumed_and_the_tool_result_arrives()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("mcp__conformance__test_reconnection", "{}"), Turn.Text("done"));

        var verdict = await ConformanceSuite.RunClientAsync(s, "sse-retry", ConformanceSuite.WriteClientScript(s));

        verdict.Checks.Where(static c => c.Id is "client-sse-graceful-reconnect" or "client-sse-last-event-id").Select(static c => c.Status)
            .ShouldBe(["SUCCESS", "SUCCESS"], ignoreOrder: true, verdict.Log);
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single()).ShouldBe("Reconnection test completed successfully");
    }
}
