using System.Text.Json;
using Keel.Cli.Composition;
using Keel.Cli.Mcp;
using Keel.Testing.Workspace;
using ModelContextProtocol.Protocol;

namespace Keel.Tests.Mcp;

/// <summary>
/// <c>keel mcp serve</c> is composed by the session builder: it serves the tools a caller without a conversation can
/// use (chosen by kind) and needs no usable model to start. (Settings <c>env</c> reaching Bash through serve: end to end.)
/// </summary>
public sealed class McpServeSessionTests : IDisposable
{
    private readonly TempWorkspace _w = new();

    [Fact]
    public async Task Serve_offers_no_interaction_tools_and_starts_without_a_usable_model()
    {
        _w.Write("notes.txt", "line one\n");
        var env = new Dictionary<string, string> { ["HOME"] = _w.Home, ["KEEL_CONFIG_DIR"] = _w.ConfigDir, ["ANTHROPIC_BASE_URL"] = "not a url", ["PATH"] = Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin" };

        var (served, error, _) = await McpServeCommand.CreateAsync([], new KeelEnvironment(name => env.GetValueOrDefault(name), _w.Path, TimeProvider.System));

        error.ShouldBeNull();
        await using var session = served!.Session;
        var read = await CallAsync(served, "Read", """{"file_path":"notes.txt"}""");
        read.IsError.ShouldNotBe(true);
        Text(read).ShouldContain("line one");
        foreach (var name in new[] { "AskUserQuestion", "ExitPlanMode", "TodoWrite", "Agent" })
        {
            var refused = await CallAsync(served, name, "{}");
            refused.IsError.ShouldBe(true);
            Text(refused).ShouldStartWith($"No such tool: {name}.");
        }
    }

    public void Dispose() => _w.Dispose();

    private static async Task<CallToolResult> CallAsync(McpServed served, string name, string arguments)
    {
        using var document = JsonDocument.Parse(arguments);
        var values = document.RootElement.EnumerateObject().ToDictionary(static p => p.Name, static p => p.Value.Clone());
        return await served.Server.CallAsync(new CallToolRequestParams { Name = name, Arguments = values }, CancellationToken.None);
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(static b => b.Text));
}
