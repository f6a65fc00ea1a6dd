using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Keel.EndToEnd.Tests.Acp;

/// <summary>
/// Runs tests/fixtures/acp/client.mjs: the official ACP TypeScript SDK (installed from the lock file by test.sh)
/// spawns the installed <c>keel acp</c> in the scenario's workspace and follows a plan of steps; the returned
/// document holds everything the agent sent (initialize, sessions, updates, permission requests, results).
/// </summary>
internal static class AcpClient
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static string Directory { get; } = Find();

    public static async Task<JsonNode> RunAsync(Scenario s, JsonObject plan)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = s.Workspace.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(Directory, "client.mjs"));
        start.ArgumentList.Add(s.Keel.Binary);
        start.ArgumentList.Add(plan.ToJsonString());
        foreach (var name in start.Environment.Keys.Where(static n => n.StartsWith("ANTHROPIC_", StringComparison.Ordinal) || n.StartsWith("KEEL_", StringComparison.Ordinal) || n.StartsWith("CLAUDE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["HOME"] = s.Workspace.Home;
        start.Environment["KEEL_CONFIG_DIR"] = s.Workspace.ConfigDir;
        start.Environment["ANTHROPIC_BASE_URL"] = s.Server.BaseUrl;
        start.Environment["ANTHROPIC_API_KEY"] = "test-key";
        start.Environment["NODE_PATH"] = Path.Combine(Directory, "node_modules");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException ex)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"the ACP client did not finish in {Timeout}: {await stderr}", ex);
        }

        var output = await stdout;
        process.ExitCode.ShouldBe(0, output + await stderr);
        var record = JsonNode.Parse(output)!;
        record["exit"]!["code"]!.GetValue<int>().ShouldBe(0, await stderr);
        return record;
    }

    /// <summary>The <c>update</c> objects of every session/update, in order.</summary>
    public static List<JsonNode> Updates(JsonNode record, string? kind = null) =>
        [.. record["updates"]!.AsArray().Select(static u => u!["update"]!).Where(u => kind is null || (string?)u["sessionUpdate"] == kind)];

    public static string Text(JsonNode record, string kind) =>
        string.Concat(Updates(record, kind).Select(static u => (string?)u["content"]!["text"]));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "fixtures", "acp");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/fixtures/acp not found above " + AppContext.BaseDirectory);
    }
}
