using System.Text.Json.Nodes;

namespace Keel.EndToEnd.Tests.Mcp;

/// <summary><c>keel mcp serve</c> fed by a script: requests piped in and stdin closed at once still all get answers.</summary>
public sealed class McpServeStdinTests
{
    [Fact]
    public async Task Requests_piped_before_stdin_closes_are_all_answered()
    {
        await using var s = await Scenario.StartAsync();
        s.Workspace.Write("notes.txt", "piped line\n");
        var stdin = string.Join('\n',
            """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"pipe","version":"1"}}}""",
            """{"jsonrpc":"2.0","method":"notifications/initialized"}""",
            """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""",
            """{"jsonrpc":"2.0","id":"three","method":"tools/call","params":{"name":"Read","arguments":{"file_path":"notes.txt"}}}""") + "\n";

        var result = await s.RunAsync(["mcp", "serve"], stdin: stdin);

        result.ExitCode.ShouldBe(0, result.ToString());
        var answers = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(static l => JsonNode.Parse(l)!).ToList();
        answers.Select(static a => a["id"]!.ToJsonString()).ShouldBe(["1", "2", "\"three\""], ignoreOrder: true);
        answers.Single(static a => a["id"]!.ToJsonString() == "2")["result"]!["tools"]!.AsArray().Select(static t => (string?)t!["name"]).ShouldContain("Read");
        answers.Single(static a => a["id"]!.ToJsonString() == "\"three\"")["result"]!["content"]![0]!["text"]!.GetValue<string>().ShouldContain("piped line");
    }
}
