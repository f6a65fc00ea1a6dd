using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;
using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests.Agents;

/// <summary>A background agent's result is awaited and handed to the model in every headless mode, not only text -p.</summary>
public sealed class BackgroundAgentModesTests
{
    [Theory]
    [InlineData("json")]
    [InlineData("stream-json")]
    [InlineData("stream-json-input")]
    public async Task The_run_waits_for_a_background_agent_and_its_notification_gets_a_turn(string mode)
    {
        await using var s = await Scenario.StartAsync();
        s.Server.SetResponder(request =>
        {
            if (request.Messages![0]!["content"]!.ToJsonString().Contains("BG-TASK", StringComparison.Ordinal))
            {
                return Turn.Text("background answer 42");
            }

            if (request.BodyText.Contains("task-notification", StringComparison.Ordinal))
            {
                return Turn.Text("The background agent said 42.");
            }

            return request.Messages.Count == 1
                ? Turn.ToolUse("Agent", """{"description":"Work alone","prompt":"BG-TASK: compute","run_in_background":true}""")
                : Turn.Text("Started it.");
        });

        var user = new JsonObject { ["type"] = "user", ["message"] = new JsonObject { ["role"] = "user", ["content"] = "start a background agent" } }.ToJsonString();
        var result = mode switch
        {
            "json" => await s.RunAsync("-p", "start a background agent", "--output-format", "json"),
            "stream-json" => await s.RunAsync("-p", "start a background agent", "--output-format", "stream-json", "--verbose"),
            _ => await s.RunAsync(["-p", "--input-format", "stream-json", "--output-format", "stream-json", "--verbose"], stdin: user + "\n"),
        };

        result.ExitCode.ShouldBe(0, result.ToString());
        var last = mode == "json" ? Scenario.ParseJson(result) : StreamJsonLines.OfType(StreamJsonLines.Parse(result.Stdout), "result")[^1];
        ((string?)last["result"]).ShouldBe("The background agent said 42.", result.ToString());
        s.Server.MessageRequests.Single(r => r.BodyText.Contains("task-notification", StringComparison.Ordinal)).BodyText.ShouldContain("background answer 42");
        s.AssertInvariants();
    }
}
