using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests.Mcp;

/// <summary>
/// The conformance suite's server scenarios against <c>keel mcp serve</c>. The suite speaks Streamable HTTP only and keel
/// serves stdio, so tests/fixtures/mcp-conformance/stdio-relay.mjs passes messages through unchanged (one keel process per
/// session). Run: server-initialize, ping, tools-list. The others ask for the suite's own test tools, prompts, resources,
/// logging, completion, sampling or elicitation, which keel's tool server does not offer, or test the HTTP layer
/// (sse polling, DNS rebinding), which is the relay's, not keel's.
/// </summary>
public sealed class ConformanceServerTests
{
    [Fact]
    public async Task Keel_mcp_serve_passes_the_applicable_server_scenarios()
    {
        await using var s = await Scenario.StartAsync();
        var runner = new KeelRunner(s.Server.BaseUrl, s.Workspace, binary: "node");
        await using var relay = runner.Start([ConformanceSuite.Relay, KeelRunner.LocateBinary()]);
        await relay.WaitForOutputAsync("listening ", TimeSpan.FromSeconds(30));
        var url = relay.Stdout.Split("listening ")[1].Trim();

        var initialize = await ConformanceSuite.RunServerAsync(s, "server-initialize", url);
        var ping = await ConformanceSuite.RunServerAsync(s, "ping", url);
        var tools = await ConformanceSuite.RunServerAsync(s, "tools-list", url);

        initialize.ShouldPass("server-initialize");
        ping.ShouldPass("ping");
        tools.ShouldPass("tools-list");
        tools.Checks.Single(static c => c.Id == "tools-list").Details.ShouldContain("\"Read\"", Case.Sensitive, "keel's built-in tools are listed");
    }
}
