using System.Text.Json.Nodes;
using Keel.EndToEnd.Tests.Mcp;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Hooks;

/// <summary><c>mcp_tool</c> hook handlers calling the project's policy MCP server (tests/fixtures/mcp/policy-server.mjs).</summary>
public sealed class McpToolHookTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static string PolicyServer => $$$$"""{"mcpServers":{"policy":{"command":"node","args":["{{{{Path.Combine(McpFixtures.Directory, "policy-server.mjs")}}}}"]}}}""";

    private static void WriteHook(Scenario s, string hookEvent, string? matcher, JsonObject handler)
    {
        var group = new JsonObject { ["hooks"] = new JsonArray(handler) };
        if (matcher is not null)
        {
            group["matcher"] = matcher;
        }

        s.Workspace.Write(".claude/settings.json", new JsonObject { ["hooks"] = new JsonObject { [hookEvent] = new JsonArray(group) } }.ToJsonString());
    }

    private static JsonObject McpTool(string server, string tool, JsonObject? input = null)
    {
        var handler = new JsonObject { ["type"] = "mcp_tool", ["server"] = server, ["tool"] = tool };
        if (input is not null)
        {
            handler["input"] = input;
        }

        return handler;
    }

    [Fact]
    public async Task The_servers_json_answer_denies_a_write_with_the_file_path_filled_in()
    {
        await using var s = await Scenario.StartAsync();
        WriteHook(s, "PreToolUse", "Write", McpTool("policy", "check_path", new JsonObject { ["path"] = "${tool_input.file_path}" }));
        var secret = s.Workspace.FullPath("secret.env");
        var plain = s.Workspace.FullPath("notes.txt");
        s.Script(
            Turn.Create().ToolUse("Write", $$"""{"file_path":"{{secret}}","content":"KEY=1"}""").ToolUse("Write", $$"""{"file_path":"{{plain}}","content":"hello"}"""),
            Turn.Text("done"));

        var result = await s.RunAsync(["-p", "write both", "--dangerously-skip-permissions", "--mcp-config", PolicyServer], timeout: Timeout);

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Exists("secret.env").ShouldBeFalse();
        s.Workspace.Read("notes.txt").ShouldBe("hello");
        var results = Scenario.LastToolResults(s.Server.MessageRequests[1]);
        results[0]["is_error"]!.GetValue<bool>().ShouldBeTrue();
        Scenario.ResultText(results[0]).ShouldContain($"policy server: {secret} is off limits");
        results[1]["is_error"]?.GetValue<bool>().ShouldNotBe(true);
        s.Workspace.Read("policy-calls").Split('\n', StringSplitOptions.RemoveEmptyEntries).ShouldBe([secret, plain], ignoreOrder: true);
    }

    [Fact]
    public async Task Plain_text_from_the_tool_is_context_for_the_prompt()
    {
        await using var s = await Scenario.StartAsync();
        WriteHook(s, "UserPromptSubmit", null, McpTool("policy", "note", new JsonObject { ["text"] = "asked: ${prompt}" }));
        s.Script(Turn.Text("ok"));

        var result = await s.RunAsync(["-p", "what changed?", "--mcp-config", PolicyServer], timeout: Timeout);

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Server.MessageRequests[0].Messages!.ToJsonString().ShouldContain("policy note: asked: what changed?");
    }

    [Theory]
    [InlineData("nowhere", "check_path", "no MCP server \"nowhere\"")]
    [InlineData("policy", "no_such_tool", "has no tool \"no_such_tool\"")]
    [InlineData("policy", "broken", "policy store unavailable")]
    public async Task A_missing_server_or_tool_or_a_failing_tool_warns_and_does_not_block(string server, string tool, string warning)
    {
        await using var s = await Scenario.StartAsync();
        WriteHook(s, "PreToolUse", "Write", McpTool(server, tool, new JsonObject { ["path"] = "${tool_input.file_path}" }));
        var file = s.Workspace.FullPath("made.txt");
        s.Script(Turn.ToolUse("Write", $$"""{"file_path":"{{file}}","content":"made"}"""), Turn.Text("done"));

        var result = await s.RunAsync(["-p", "make it", "--dangerously-skip-permissions", "--mcp-config", PolicyServer], timeout: Timeout);

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Workspace.Read("made.txt").ShouldBe("made");
        result.Stderr.ShouldContain(warning, Case.Sensitive, result.ToString());
    }
}
