using System.Diagnostics;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Mcp;

/// <summary>keel as an MCP client of the reference server (@modelcontextprotocol/server-everything).</summary>
public sealed class McpClientTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_model_calls_server_tools_with_arguments_and_sees_a_failing_one_as_an_error()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.Create()
                .ToolUse("mcp__everything__echo", """{"message":"hello from keel"}""")
                .ToolUse("mcp__everything__get-sum", """{"a":2,"b":40}""")
                .ToolUse("mcp__everything__echo", """{}"""),
            Turn.Text("done"));

        var result = await s.RunAsync(["-p", "use the tools", "--mcp-config", McpFixtures.StdioConfig()], timeout: Timeout);

        result.ExitCode.ShouldBe(0, result.ToString());
        var tools = s.Server.MessageRequests[0].ToolNames;
        tools.ShouldContain("mcp__everything__echo");
        tools.ToList().IndexOf("mcp__everything__echo").ShouldBeGreaterThan(tools.ToList().IndexOf("Write"), "MCP tools come after the built-ins");
        var results = Scenario.LastToolResults(s.Server.MessageRequests[1]);
        Scenario.ResultText(results[0]).ShouldBe("Echo: hello from keel");
        Scenario.ResultText(results[1]).ShouldContain("The sum of 2 and 40 is 42.");
        results[2]["is_error"]!.GetValue<bool>().ShouldBeTrue();
        s.AssertInvariants();
    }

    [Fact]
    public async Task A_long_running_tool_reports_progress_and_resources_are_readable()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(
            Turn.ToolUse("mcp__everything__trigger-long-running-operation", """{"duration":1,"steps":2}"""),
            Turn.Create().ToolUse("ListMcpResources", """{}""").ToolUse("ReadMcpResource", """{"server":"everything","uri":"demo://resource/static/document/features.md"}"""),
            Turn.Text("done"));

        var result = await s.RunAsync(["-p", "go", "--mcp-config", McpFixtures.StdioConfig(), "--output-format", "stream-json", "--verbose"], timeout: Timeout);

        result.ExitCode.ShouldBe(0, result.ToString());
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single()).ShouldContain("Long running operation completed");
        var resources = Scenario.LastToolResults(s.Server.MessageRequests[2]);
        Scenario.ResultText(resources[0]).ShouldContain("demo://resource/static/document/features.md");
        resources[1]["is_error"]?.GetValue<bool>().ShouldNotBe(true);
        Scenario.ResultText(resources[1]).Length.ShouldBeGreaterThan(100);
    }

    [Fact]
    public async Task A_server_prompt_runs_as_a_slash_command_with_its_argument()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("sunny"));

        var result = await s.RunAsync(["-p", "/mcp__everything__args-prompt Paris", "--mcp-config", McpFixtures.StdioConfig()], timeout: Timeout);

        result.ExitCode.ShouldBe(0, result.ToString());
        s.Server.MessageRequests[0].Messages![0]!.ToJsonString().ShouldContain("weather in Paris?");
    }

    [Fact]
    public async Task A_dead_server_is_reported_and_the_session_goes_on_with_the_others()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("mcp__everything__echo", """{"message":"still here"}"""), Turn.Text("done"));
        var config = $$$$"""{"mcpServers":{"everything":{"command":"node","args":["{{{{McpFixtures.Everything}}}}","stdio"]},"broken":{"command":"/nonexistent/mcp-server"}}}""";

        var result = await s.RunAsync(["-p", "go", "--mcp-config", config], timeout: Timeout);

        result.ExitCode.ShouldBe(0, result.ToString());
        result.Stderr.ShouldContain("\"broken\" failed to start");
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single()).ShouldBe("Echo: still here");
    }

    [Fact]
    public async Task Deny_rules_remove_one_tool_or_a_whole_server_from_the_tool_list()
    {
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.Text("one"), Turn.ToolUse("mcp__everything__get-sum", """{"a":1,"b":1}"""), Turn.Text("done"));

        var one = await s.RunAsync(["-p", "go", "--mcp-config", McpFixtures.StdioConfig(), "--disallowedTools", "mcp__everything__echo"], timeout: Timeout);
        one.ExitCode.ShouldBe(0, one.ToString());
        s.Server.MessageRequests[0].ToolNames.ShouldNotContain("mcp__everything__echo");
        s.Server.MessageRequests[0].ToolNames.ShouldContain("mcp__everything__get-sum");

        var all = await s.RunAsync(["-p", "go", "--mcp-config", McpFixtures.StdioConfig(), "--disallowedTools", "mcp__everything"], timeout: Timeout);
        all.ExitCode.ShouldBe(0, all.ToString());
        s.Server.MessageRequests[1].ToolNames.ShouldNotContain("mcp__everything__get-sum");
        var refused = Scenario.LastToolResults(s.Server.MessageRequests[2]).Single();
        refused["is_error"]!.GetValue<bool>().ShouldBeTrue();
        Scenario.ResultText(refused).ShouldNotContain("The sum");
    }

    [Fact]
    public async Task Project_servers_need_approval_and_settings_can_give_it()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write(".mcp.json", $$$$"""{"mcpServers":{"proj":{"command":"node","args":["{{{{McpFixtures.Everything}}}}","stdio"]}}}""");
        s.Script(Turn.Text("first"), Turn.Text("second"));

        var unapproved = await s.RunAsync(["-p", "go"], timeout: Timeout);
        unapproved.ExitCode.ShouldBe(0, unapproved.ToString());
        unapproved.Stderr.ShouldContain("\"proj\"");
        unapproved.Stderr.ShouldContain("not approved");
        s.Server.MessageRequests[0].ToolNames.ShouldNotContain("mcp__proj__echo");

        s.Workspace.Write(".keel/settings.json", """{"enabledMcpjsonServers":["proj"]}""");
        var approved = await s.RunAsync(["-p", "go"], timeout: Timeout);
        approved.ExitCode.ShouldBe(0, approved.ToString());
        s.Server.MessageRequests[1].ToolNames.ShouldContain("mcp__proj__echo");
    }

    [Fact]
    public async Task Streamable_http_server_with_env_expanded_url()
    {
        var port = McpFixtures.FreePort();
        using var server = StartHttpServer(port);
        await using var s = await Scenario.StartAsync();
        s.Script(Turn.ToolUse("mcp__web__echo", """{"message":"over http"}"""), Turn.Text("done"));
        var config = """{"mcpServers":{"web":{"type":"http","url":"http://127.0.0.1:${EVERYTHING_PORT}/mcp","headers":{"X-Test":"${MISSING_HEADER:-fallback}"}}}}""";

        var result = await s.RunAsync(["-p", "go", "--mcp-config", config], env: new Dictionary<string, string?> { ["EVERYTHING_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) }, timeout: Timeout);

        result.ExitCode.ShouldBe(0, result.ToString());
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single()).ShouldBe("Echo: over http");
    }

    private static HttpServerProcess StartHttpServer(int port)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(McpFixtures.Everything);
        start.ArgumentList.Add("streamableHttp");
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(start)!;
        var ready = new TaskCompletionSource();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("listening", StringComparison.OrdinalIgnoreCase) == true)
            {
                ready.TrySetResult();
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        ready.Task.Wait(TimeSpan.FromSeconds(20)).ShouldBeTrue("the streamable HTTP server did not start");
        return new HttpServerProcess(process);
    }

    private sealed class HttpServerProcess(Process process) : IDisposable
    {
        public void Dispose()
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
        }
    }
}
