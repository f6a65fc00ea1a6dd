using System.Text.Json.Nodes;
using Keel.Testing.Process;

namespace Keel.EndToEnd.Tests.Sdk;

/// <summary>
/// Runs a scenario of tests/fixtures/sdk/drive.mjs: the official TypeScript Agent SDK (installed by npm ci from the
/// lock file) starts the installed keel through <c>pathToClaudeCodeExecutable</c>, in the scenario's workspace and
/// with the environment a keel test gets (fake server, fake home).
/// </summary>
internal static class SdkDriver
{
    public static string Directory { get; } = Find();

    public static async Task<SdkRun> RunAsync(Scenario scenario, string name, TimeSpan? timeout = null)
    {
        var node = new KeelRunner(scenario.Server.BaseUrl, scenario.Workspace, binary: "node");
        var env = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["KEEL_SDK_CLI"] = scenario.Keel.Binary,
            ["KEEL_MCP_EVERYTHING"] = Mcp.McpFixtures.Everything,
        };
        var result = await node.RunAsync([Path.Combine(Directory, "drive.mjs"), name], env: env, timeout: timeout ?? TimeSpan.FromSeconds(60));
        return new SdkRun(result);
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "fixtures", "sdk");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/fixtures/sdk not found above " + AppContext.BaseDirectory);
    }
}
