using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Keel.Testing.FakeServer;

namespace Keel.EndToEnd.Tests.Hooks;

/// <summary>An http hook against a real listener on 127.0.0.1.</summary>
public sealed class HookHttpTests
{
    [Fact]
    public async Task An_http_hook_receives_the_input_and_only_allow_listed_variables_reach_its_headers()
    {
        await using var s = await Scenario.StartAsync();
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var received = Task.Run(async () =>
        {
            var context = await listener.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var auth = context.Request.Headers["Authorization"];
            var leak = context.Request.Headers["X-Leak"];
            var answer = Encoding.UTF8.GetBytes("""{"hookSpecificOutput":{"hookEventName":"PreToolUse","permissionDecision":"deny","permissionDecisionReason":"policy server says no"}}""");
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(answer);
            context.Response.Close();
            return (body, auth, leak);
        });

        var handler = new JsonObject
        {
            ["type"] = "http",
            ["url"] = $"http://127.0.0.1:{port}/hook",
            ["headers"] = new JsonObject { ["Authorization"] = "Bearer $HOOK_TOKEN", ["X-Leak"] = "[${SECRET_KEY}]" },
            ["allowedEnvVars"] = new JsonArray("HOOK_TOKEN"),
        };
        var settings = new JsonObject
        {
            ["hooks"] = new JsonObject { ["PreToolUse"] = new JsonArray(new JsonObject { ["matcher"] = "Bash", ["hooks"] = new JsonArray(handler) }) },
        };
        s.Workspace.Write(".claude/settings.json", settings.ToJsonString());
        s.Script(Turn.ToolUse("Bash", """{"command":"touch made.txt"}"""), Turn.Text("done"));

        var env = new Dictionary<string, string?> { ["HOOK_TOKEN"] = "tok-123", ["SECRET_KEY"] = "do-not-send" };
        var result = await s.RunAsync(["-p", "go", "--dangerously-skip-permissions"], env);

        result.ExitCode.ShouldBe(0, result.ToString());
        var (body, auth, leak) = await received.WaitAsync(TimeSpan.FromSeconds(10));
        body.ShouldContain("\"hook_event_name\":\"PreToolUse\"");
        body.ShouldContain("\"tool_name\":\"Bash\"");
        body.ShouldContain("touch made.txt");
        auth.ShouldBe("Bearer tok-123");
        leak.ShouldBe("[]");
        s.Workspace.Exists("made.txt").ShouldBeFalse();
        Scenario.ResultText(Scenario.LastToolResults(s.Server.MessageRequests[1]).Single()).ShouldContain("policy server says no");
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
